package io.kafkago.spring.observation;

import io.kafkago.Header;
import io.kafkago.Message;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code kafkago.listener.process} observation knows: the messages of one handler call, the listener and its
 * group. Its carrier is the first message, whose propagation headers a tracer reads to continue the trace that wrote
 * it; a batch call's context {@linkplain #isBatch() says so}, and {@link BatchListenerTracingObservationHandler} links
 * its span to every message's trace instead. See {@link ListenerObservationConvention}.
 */
public final class ListenerObservationContext extends ReceiverContext<Message> {

    private final List<Message> messages;
    private final boolean batch;
    private final String listenerId;
    private final String groupId;

    private ListenerObservationContext(List<Message> messages, boolean batch, String listenerId, String groupId) {
        super(ListenerObservationContext::lastHeader);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a listener call handles at least one message");
        }
        this.messages = List.copyOf(messages);
        this.batch = batch;
        this.listenerId = Objects.requireNonNull(listenerId, "listenerId");
        this.groupId = groupId;
        setCarrier(this.messages.get(0));
        setRemoteServiceName("kafka");
    }

    /** The context of a single-message listener's call. */
    public static ListenerObservationContext forMessage(Message message, String listenerId, String groupId) {
        return new ListenerObservationContext(List.of(Objects.requireNonNull(message, "message")), false, listenerId,
                groupId);
    }

    /** The context of a batch listener's call. */
    public static ListenerObservationContext forBatch(List<Message> messages, String listenerId, String groupId) {
        return new ListenerObservationContext(messages, true, listenerId, groupId);
    }

    /** The message the call handles, or the first of its batch. */
    public Message getMessage() {
        return getCarrier();
    }

    /** Every message the call handles, in order. */
    public List<Message> getMessages() {
        return messages;
    }

    /** Whether the call is a batch listener's (even of one message). */
    public boolean isBatch() {
        return batch;
    }

    /** The listener's id. */
    public String getListenerId() {
        return listenerId;
    }

    /** The listener's consumer group. */
    public String getGroupId() {
        return groupId;
    }

    /** Messages handled by the call. */
    public int getBatchSize() {
        return messages.size();
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
