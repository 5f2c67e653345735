package io.kafkago;

/**
 * Root of every error kafkago raises. Unchecked, like the rest of the JDK's I/O-free APIs:
 * callers catch the subtype they can act on.
 */
public class KafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaException(String message) {
        super(message);
    }

    public KafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
