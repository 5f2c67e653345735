package io.kafkago.spring.listener;

import io.kafkago.Transaction;
import io.kafkago.TransactionBinding;

/**
 * The transactions of transactional listener members, each bound to its member's thread while it runs, so that the
 * application's Writer (configured with this binding) hands the handler's writes to the member's transaction. One
 * per application context.
 */
public final class ListenerTransactionBinding implements TransactionBinding {

    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    @Override
    public Transaction current() {
        return current.get();
    }

    /** Binds {@code transaction} to the calling thread until {@link #unbind()}. */
    void bind(Transaction transaction) {
        current.set(transaction);
    }

    /** Ends the calling thread's binding. */
    void unbind() {
        current.remove();
    }
}
