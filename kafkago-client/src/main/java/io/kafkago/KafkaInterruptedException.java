package io.kafkago;

/**
 * A blocking call was interrupted. The thread's interrupt status is set again before this is
 * thrown, and the object whose call was interrupted stays usable.
 */
public class KafkaInterruptedException extends KafkaException {

    private static final long serialVersionUID = 1L;

    public KafkaInterruptedException(String message) {
        super(message);
    }
}
