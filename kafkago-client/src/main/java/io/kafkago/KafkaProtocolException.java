package io.kafkago;

/**
 * Bytes received from a broker (or handed to a decoder) do not follow the Kafka protocol:
 * a length or count that does not fit what remains, an unknown magic byte, a checksum
 * mismatch, or a truncated structure. The message says what was being read and where.
 */
public class KafkaProtocolException extends KafkaException {

    private static final long serialVersionUID = 1L;

    public KafkaProtocolException(String message) {
        super(message);
    }

    public KafkaProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
