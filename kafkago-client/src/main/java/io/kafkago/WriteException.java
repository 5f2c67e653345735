package io.kafkago;

import java.util.List;
import java.util.Objects;

/**
 * Some or all messages of one write call could not be written. {@link #errors()} names each failed
 * message, its position in the call and why it failed; the messages not listed were written.
 * The exception's cause is the first message's error.
 */
public class WriteException extends KafkaException {

    private static final long serialVersionUID = 1L;

    /** At most this many per-message errors are spelled out in {@link #getMessage()}. */
    private static final int ERRORS_IN_MESSAGE = 3;

    /** The messages of the call that failed, in call order. */
    private final transient List<MessageError> errors;
    private final int messageCount;

    /**
     * One message that was not written.
     *
     * @param index   the message's position in the write call (0-based)
     * @param message the message as it was passed to the writer
     * @param error   why it failed: a broker error, a timeout, a lost connection, a size limit...
     */
    public record MessageError(int index, Message message, KafkaException error) {

        /** Checks that every part is present. */
        public MessageError {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(error, "error");
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
        StringBuilder text = new StringBuilder()
                .append(errors.size()).append(" of ").append(messageCount)
                .append(messageCount == 1 ? " message" : " messages").append(" could not be written: ");
        for (int i = 0; i < Math.min(errors.size(), ERRORS_IN_MESSAGE); i++) {
            MessageError failed = errors.get(i);
            if (i > 0) {
                text.append("; ");
            }
            text.append('[').append(failed.index()).append("] ").append(failed.error().getMessage());
        }
        if (errors.size() > ERRORS_IN_MESSAGE) {
            text.append("; and ").append(errors.size() - ERRORS_IN_MESSAGE).append(" more");
        }
        return text.toString();
    }
}
