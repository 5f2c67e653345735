package io.kafkago.spring.observation;

import io.kafkago.Header;
import io.kafkago.Message;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code kafkago.listener.process} observation knows: the message whose propagation headers it reads
 * (so a tracer continues the trace that wrote it), the listener, its group, and the size of the call's batch.
 * A batch call has one such observation per message; see {@link ListenerObservationConvention}.
 */
public final class ListenerObservationContext extends ReceiverContext<Message> {

    private final String listenerId;
    private final String groupId;
    private final int batchSize;

    /**
     * @param batchSize messages handled by the call this message belongs to (1 for a single-message listener)
     */
    public ListenerObservationContext(Message message, String listenerId, String groupId, int batchSize) {
        super(ListenerObservationContext::lastHeader);
        setCarrier(Objects.requireNonNull(message, "message"));
        setRemoteServiceName("kafka");
        this.listenerId = Objects.requireNonNull(listenerId, "listenerId");
        this.groupId = groupId;
        this.batchSize = batchSize;
    }

    /** The message this observation is about. */
    public Message getMessage() {
        return getCarrier();
    }

    /** The listener's id. */
    public String getListenerId() {
        return listenerId;
    }

    /** The listener's consumer group. */
    public String getGroupId() {
        return groupId;
    }

    /** Messages handled by the same handler call. */
    public int getBatchSize() {
        return batchSize;
    }

    /** The last value wins, as a retried or re-traced message may carry older headers before newer ones. */
    private static String lastHeader(Message message, String key) {
        List<Header> headers = message.headers();
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header header = headers.get(i);
            if (header.key().equals(key)) {
                return header.valueAsString();
            }
        }
        return null;
    }
}
