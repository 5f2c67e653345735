package io.kafkago.spring.listener;

import io.kafkago.Transaction;
import io.kafkago.TransactionBinding;

/**
 * The transactions of transactional listener members, each bound to its member's thread while it runs, so that the
 * application's Writer (configured with this binding) hands the handler's writes to the member's transaction, and a
 * {@code KafkaGoTransactionManager} lets {@code @Transactional} methods the handler calls join it. One per application
 * context.
 */
public final class ListenerTransactionBinding implements TransactionBinding {

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
     * Makes the calling thread's transaction abort instead of committing: a {@code @Transactional} method that joined
     * it rolled back.
     *
     * @throws IllegalStateException when no transaction is bound to the thread
     */
    public void setRollbackOnly() {
        Bound bound = current.get();
        if (bound == null) {
            throw new IllegalStateException("no listener transaction on this thread");
        }
        bound.rollbackOnly = true;
    }

    /** Whether {@link #setRollbackOnly()} was called for the calling thread's transaction. */
    boolean isRollbackOnly() {
        Bound bound = current.get();
        return bound != null && bound.rollbackOnly;
    }

    /** Binds {@code transaction} to the calling thread until {@link #unbind()}. */
    void bind(Transaction transaction) {
        current.set(new Bound(transaction));
    }

    /** Ends the calling thread's binding. */
    void unbind() {
        current.remove();
    }
}
