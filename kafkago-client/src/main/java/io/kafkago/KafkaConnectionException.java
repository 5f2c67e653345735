package io.kafkago;

/**
 * A broker could not be reached, or the connection failed or closed while a request was in flight.
 * The cause, if any, is the underlying I/O error.
 */
public class KafkaConnectionException extends KafkaException {

    private static final long serialVersionUID = 1L;

    public KafkaConnectionException(String message) {
        super(message);
    }

    public KafkaConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
