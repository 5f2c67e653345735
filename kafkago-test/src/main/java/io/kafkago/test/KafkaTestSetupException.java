package io.kafkago.test;

/**
 * A test broker could not be started, reached or administered. Unchecked, so test code need not declare it; the
 * message says what was attempted and the cause says why it failed.
 */
public class KafkaTestSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message describing what failed. */
    public KafkaTestSetupException(String message) {
        super(message);
    }

    /** Creates an exception with a message describing what failed and the underlying cause. */
    public KafkaTestSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
