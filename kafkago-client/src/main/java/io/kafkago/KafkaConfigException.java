package io.kafkago;

/**
 * A configuration is invalid: a required setting is missing, a value is out of range, or two
 * settings contradict each other. The message names the setting and the rule it broke.
 */
public class KafkaConfigException extends KafkaException {

    private static final long serialVersionUID = 1L;

    /** An invalid configuration; {@code message} names the setting and the rule it broke. */
    public KafkaConfigException(String message) {
        super(message);
    }
}
