package io.kafkago;

/** A deadline or timeout passed before the operation completed; the object that raised it stays usable. */
public class KafkaTimeoutException extends KafkaException {

    private static final long serialVersionUID = 1L;

    public KafkaTimeoutException(String message) {
        super(message);
    }

    public KafkaTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
