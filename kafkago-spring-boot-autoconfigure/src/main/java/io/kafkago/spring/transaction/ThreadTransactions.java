package io.kafkago.spring.transaction;

import io.kafkago.Transaction;
import io.kafkago.TransactionBinding;

/**
 * The Kafka transaction each thread works in, when it is one of another Writer than the application's: an exactly-once
 * listener member's, or one a {@link KafkaGoTransactionManager} opened on a producer of its pool. The application's
 * Writer is configured with this binding, so its writes on such a thread join that transaction, and a
 * {@code @Transactional} method called there joins it too. One per application context.
 */
public final class ThreadTransactions implements TransactionBinding {

    private final ThreadLocal<Bound> current = new ThreadLocal<>();

    /** A bound transaction and whether something that joined it asked for it to abort. */
    private static final class Bound {
        final Transaction transaction;
        boolean rollbackOnly;

        Bound(Transaction transaction) {
            this.transaction = transaction;
        }
    }

    @Override
    public Transaction current() {
        Bound bound = current.get();
        return bound == null ? null : bound.transaction;
    }

    /**
     * Binds {@code transaction} to the calling thread until {@link #unbind()}.
     *
     * @throws IllegalStateException when the thread already works in a transaction
     */
    public void bind(Transaction transaction) {
        if (current.get() != null) {
            throw new IllegalStateException("this thread already works in a Kafka transaction");
        }
        current.set(new Bound(transaction));
    }

    /** Ends the calling thread's binding. */
    public void unbind() {
        current.remove();
    }

    /**
     * Makes the calling thread's transaction abort instead of committing: something that joined it (a
     * {@code @Transactional} method) rolled back.
     *
     * @throws IllegalStateException when no transaction is bound to the thread
     */
    public void setRollbackOnly() {
        Bound bound = current.get();
        if (bound == null) {
            throw new IllegalStateException("no Kafka transaction on this thread");
        }
        bound.rollbackOnly = true;
    }

    /** Whether {@link #setRollbackOnly()} was called for the calling thread's transaction. */
    public boolean isRollbackOnly() {
        Bound bound = current.get();
        return bound != null && bound.rollbackOnly;
    }
}
