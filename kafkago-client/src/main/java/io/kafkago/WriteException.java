package io.kafkago;

import java.util.List;
import java.util.Objects;

/**
 * Some or all messages of one write call were not acknowledged. {@link #errors()} names each failed
 * message, its position in the call, why it failed, and whether it may have been written anyway; the
 * messages not listed were written. The exception's cause is the first message's error.
 *
 * <p>A message fails as <em>not written</em> only when the partition leader refused its batch before
 * appending it (invalid or oversized records, authorization, no such partition, too few in-sync replicas,
 * a refused producer sequence or epoch), or when it never left the writer (no buffer space, unknown topic, no
 * leader or no connection until the delivery timeout, the writer closed first). Every other failure <em>may
 * have been written</em>: no answer came (timeout, lost connection, delivery timeout with a request in
 * flight), the answer could not be read or left the partition out, or the broker answered with an error it
 * also gives after appending (REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND, NOT_LEADER_OR_FOLLOWER,
 * storage errors). Such messages may be in the topic (once: the idempotent writer never sends them again
 * under other sequence numbers); an application that retries them itself may write them twice.
 */
public class WriteException extends KafkaException {

    private static final long serialVersionUID = 1L;

    /** At most this many per-message errors are spelled out in {@link #getMessage()}. */
    private static final int ERRORS_IN_MESSAGE = 3;

    /** The messages of the call that failed, in call order. */
    private final transient List<MessageError> errors;
    private final int messageCount;

    /**
     * One message that was not acknowledged.
     *
     * @param index              the message's position in the write call (0-based)
     * @param message            the message as it was passed to the writer
     * @param error              why it failed: a broker error, a timeout, a lost connection, a size limit...
     * @param mayHaveBeenWritten whether the message may be in the topic although it failed (see the class
     *                           description); false means it certainly is not
     */
    public record MessageError(int index, Message message, KafkaException error, boolean mayHaveBeenWritten) {

        /** Checks that every part is present. */
        public MessageError {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(error, "error");
        }

        /** A message that certainly was not written. */
        public MessageError(int index, Message message, KafkaException error) {
            this(index, message, error, false);
        }
    }

    /**
     * @param errors       the failed messages in call order, at least one
     * @param messageCount how many messages the write call had
     */
    public WriteException(List<MessageError> errors, int messageCount) {
        super(describe(errors, messageCount), errors.isEmpty() ? null : errors.get(0).error());
        this.errors = List.copyOf(errors);
        this.messageCount = messageCount;
    }

    /** The failed messages with their errors, in call order; never empty. */
    public List<MessageError> errors() {
        return errors;
    }

    /** How many messages the failed write call had; those not in {@link #errors()} were written. */
    public int messageCount() {
        return messageCount;
    }

    private static String describe(List<MessageError> errors, int messageCount) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a WriteException needs at least one failed message");
        }
        long mayHaveBeenWritten = errors.stream().filter(MessageError::mayHaveBeenWritten).count();
        StringBuilder text = new StringBuilder()
                .append(errors.size()).append(" of ").append(messageCount)
                .append(messageCount == 1 ? " message" : " messages");
        if (mayHaveBeenWritten == 0) {
            text.append(" could not be written: ");
        } else {
            text.append(" were not acknowledged (").append(mayHaveBeenWritten == errors.size() ? "all" : mayHaveBeenWritten)
                    .append(" may have been written): ");
        }
        for (int i = 0; i < Math.min(errors.size(), ERRORS_IN_MESSAGE); i++) {
            MessageError failed = errors.get(i);
            if (i > 0) {
                text.append("; ");
            }
            text.append('[').append(failed.index()).append("] ").append(failed.error().getMessage());
            if (failed.mayHaveBeenWritten() && mayHaveBeenWritten < errors.size()) {
                text.append(" (may have been written)");
            }
        }
        if (errors.size() > ERRORS_IN_MESSAGE) {
            text.append("; and ").append(errors.size() - ERRORS_IN_MESSAGE).append(" more");
        }
        return text.toString();
    }
}
