package io.kafkago.spring.observation;

import io.kafkago.Header;
import io.kafkago.Message;
import io.micrometer.observation.transport.SenderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code kafkago.writer.send} observation knows about one write: its messages, their topic and the
 * writer's client id. Its carrier collects the propagation headers a tracer injects (W3C {@code traceparent},
 * B3...); the writer adds them to every message of the write.
 */
public final class WriterObservationContext extends SenderContext<List<Header>> {

    private final List<Message> messages;
    private final String topic;
    private final String clientId;

    /**
     * @param messages the messages of the write, not empty
     * @param writerTopic the writer's fixed topic, or {@code null} when each message names its own
     */
    public WriterObservationContext(List<Message> messages, String writerTopic, String clientId) {
        super((headers, key, value) -> headers.add(Header.of(key, value)));
        this.messages = Objects.requireNonNull(messages, "messages");
        String first = messages.isEmpty() ? null : messages.get(0).topic();
        this.topic = first != null ? first : String.valueOf(writerTopic);
        this.clientId = clientId;
        setCarrier(new ArrayList<>(2));
        setRemoteServiceName("kafka");
    }

    /** The messages of the write, as handed in (without the propagation headers). */
    public List<Message> getMessages() {
        return messages;
    }

    /** The topic of the write: the first message's, else the writer's. */
    public String getTopic() {
        return topic;
    }

    /** The writer's client id. */
    public String getClientId() {
        return clientId;
    }

    /** The propagation headers collected so far. */
    public List<Header> getPropagationHeaders() {
        return getCarrier();
    }
}
