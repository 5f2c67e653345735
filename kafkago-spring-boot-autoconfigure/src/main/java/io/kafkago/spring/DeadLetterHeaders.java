package io.kafkago.spring;

/**
 * Names of the headers a dead-lettered message carries in addition to its original headers. Values are
 * UTF-8 text (numbers in decimal), so any tool can show them.
 */
public final class DeadLetterHeaders {

    /** Fully qualified class name of the exception that made the listener give up on the message. */
    public static final String EXCEPTION_CLASS = "kafkago.dlt.exception-class";
    /** The exception's message (empty when it had none). */
    public static final String EXCEPTION_MESSAGE = "kafkago.dlt.exception-message";
    /** Topic the message was read from. */
    public static final String ORIGINAL_TOPIC = "kafkago.dlt.original-topic";
    /** Partition the message was read from. */
    public static final String ORIGINAL_PARTITION = "kafkago.dlt.original-partition";
    /** Offset of the message in its original partition. */
    public static final String ORIGINAL_OFFSET = "kafkago.dlt.original-offset";
    /** Id of the listener container that gave up on the message. */
    public static final String LISTENER_ID = "kafkago.dlt.listener-id";
    /** How many times the handler was called for the message (0 when it could not be converted). */
    public static final String ATTEMPTS = "kafkago.dlt.attempts";

    private DeadLetterHeaders() {
    }
}
