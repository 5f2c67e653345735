package io.kafkago.spring.listener;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.spring.DeadLetterHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sends a message a listener gave up on to its dead-letter topic: same key, value and headers, plus
 * {@link DeadLetterHeaders} saying where it came from and what went wrong.
 */
public final class DeadLetterPublisher {

    private final DeadLetterWriter sender;

    /** Publishes through {@code sender}. */
    public DeadLetterPublisher(DeadLetterWriter sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Publishes the dead letter and returns once it is written.
     *
     * @param attempts handler calls made for the message (0 when it could not be converted)
     * @throws RuntimeException what the sender threw when the write failed
     */
    public void publish(Message original, String topic, String listenerId, int attempts, Throwable error) {
        sender.write(deadLetter(original, topic, listenerId, attempts, error));
    }

    /** The message {@link #publish} writes. */
    static Message deadLetter(Message original, String topic, String listenerId, int attempts, Throwable error) {
        List<Header> headers = new ArrayList<>(original.headers().size() + 7);
        headers.addAll(original.headers());
        String reason = error.getMessage();
        headers.add(Header.of(DeadLetterHeaders.EXCEPTION_CLASS, error.getClass().getName()));
        headers.add(Header.of(DeadLetterHeaders.EXCEPTION_MESSAGE, reason == null ? "" : reason));
        headers.add(Header.of(DeadLetterHeaders.ORIGINAL_TOPIC, original.topic()));
        headers.add(Header.of(DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(original.partition())));
        headers.add(Header.of(DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(original.offset())));
        headers.add(Header.of(DeadLetterHeaders.LISTENER_ID, listenerId));
        headers.add(Header.of(DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts)));
        // Partition and time are left unset: the writer's balancer places it, and a fresh timestamp keeps
        // time-based retention on the dead-letter topic from deleting it at once.
        return new Message(topic, Message.UNSET, Message.UNSET, Message.UNSET, original.key(), original.value(),
                headers, null);
    }
}
