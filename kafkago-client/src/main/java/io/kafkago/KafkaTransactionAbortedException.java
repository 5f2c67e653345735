package io.kafkago;

/**
 * A transaction could not commit and was aborted instead: one of its writes failed, or the coordinator refused the
 * commit for a reason an abort clears (TRANSACTION_ABORTABLE, a consumer group commit fenced by a rebalance). None of
 * its messages or offsets is visible to READ_COMMITTED readers; the Writer can begin the next transaction. The cause
 * says what went wrong.
 */
public final class KafkaTransactionAbortedException extends KafkaException {

    private static final long serialVersionUID = 1L;

    public KafkaTransactionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
