package io.kafkago;

/**
 * The client and the broker share no version of an API, or a message is asked to carry something its
 * version cannot express (a field added in a later version, tagged fields before the flexible versions).
 */
public class UnsupportedVersionException extends KafkaException {

    private static final long serialVersionUID = 1L;

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
