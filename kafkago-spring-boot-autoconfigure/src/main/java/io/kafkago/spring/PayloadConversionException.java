package io.kafkago.spring;

import io.kafkago.KafkaException;

/**
 * A message value could not be turned into the type a {@link KafkaGoListener} parameter asks for. Such
 * a message is not retried: it goes to the dead-letter topic at once.
 */
public class PayloadConversionException extends KafkaException {

    private static final long serialVersionUID = 1L;

    /** A conversion failure with what was expected and the parser's error. */
    public PayloadConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
