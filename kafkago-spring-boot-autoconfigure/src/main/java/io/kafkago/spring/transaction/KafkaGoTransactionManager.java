package io.kafkago.spring.transaction;

import io.kafkago.KafkaTimeoutException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.Transaction;
import io.kafkago.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.SmartTransactionObject;

/**
 * A {@code PlatformTransactionManager} for the application's {@link Writer}: a {@code @Transactional} method runs in a
 * Kafka transaction, so what it writes through the Writer becomes visible to read_committed readers when the method
 * returns, and never when it throws.
 *
 * <p>Each transaction runs on a transactional producer of a pool, so that transactions on different threads run side
 * by side (a Writer holds one transaction at a time): a thread that begins one takes an idle producer, or a new one
 * when none is idle, and binds the transaction to itself ({@link ThreadTransactions}), which is how the Writer's writes
 * on that thread join it. Inside the transaction, writes return once accepted; the commit waits for all of them, and
 * one that failed aborts it. A producer goes back to the pool when its transaction ended, so the pool holds as many
 * producers as transactions ever ran at once; they are closed with the context. Suspending a transaction
 * (REQUIRES_NEW or NOT_SUPPORTED inside one) is not supported.
 *
 * <p>Called from an exactly-once {@code @KafkaGoListener}, a method joins the listener's transaction (of the member's
 * own producer) rather than opening one, and so does a method called inside another's transaction: a rollback of the
 * inner method makes the outer transaction abort. Next to a JDBC transaction manager, the two commit one after the
 * other, so the pair is best effort, not atomic: with the Kafka transaction outside the database's, the database
 * commits first, a database failure aborts the Kafka side too, and a failure after the database committed leaves its
 * change without the messages (the README says more).
 */
public final class KafkaGoTransactionManager extends AbstractPlatformTransactionManager implements DisposableBean {

    private static final long serialVersionUID = 1L;

    private final transient Writer writer;
    private final transient ThreadTransactions threadTransactions;
    private final transient IntFunction<Writer> producers;
    /** Producers without a transaction; guarded by itself. */
    private final transient Deque<Writer> idle = new ArrayDeque<>();
    /** Every producer in use or idle, to close; guarded by {@link #idle}. */
    private final transient List<Writer> all = new ArrayList<>();
    /** Producers made so far: the next one's number, never reused (a fenced one's id is another process's now). */
    private transient int made;
    private transient boolean closed;

    /**
     * @param writer the application's Writer, configured with {@code threadTransactions} as its transaction binding
     * @param threadTransactions where transactions are bound to threads
     * @param producers makes the pool's {@code n}-th transactional producer (from 0); each needs a transactional id of
     *     its own, the same for the same {@code n} across restarts, so that a restarted instance fences its predecessor
     */
    public KafkaGoTransactionManager(Writer writer, ThreadTransactions threadTransactions,
            IntFunction<Writer> producers) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.threadTransactions = Objects.requireNonNull(threadTransactions, "threadTransactions");
        this.producers = Objects.requireNonNull(producers, "producers");
        if (writer.config().transactionBinding() != threadTransactions) {
            throw new IllegalArgumentException("the Writer's transaction binding must be the manager's "
                    + "ThreadTransactions, or its writes would not join the transactions: build the Writer from the "
                    + "auto-configured WriterConfig, or give its config WriterConfig.Builder.transactionBinding(...) "
                    + "with the ThreadTransactions bean");
        }
        setTransactionSynchronization(SYNCHRONIZATION_ON_ACTUAL_TRANSACTION);
    }

    /** The Writer whose writes the transactions of this manager take. */
    public Writer getWriter() {
        return writer;
    }

    /** The state of one {@code @Transactional} call; a new transaction's producer and transaction once begun. */
    private final class KafkaGoTransactionObject implements SmartTransactionObject {
        private Writer producer;
        private Transaction transaction;
        /** Why the commit or rollback failed, if it did. */
        private RuntimeException failure;

        @Override
        public boolean isRollbackOnly() {
            return threadTransactions.isRollbackOnly();
        }

        @Override
        public void flush() {
            // writes are sent as they are made; the commit waits for them
        }
    }

    @Override
    protected Object doGetTransaction() {
        return new KafkaGoTransactionObject();
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return threadTransactions.current() != null;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        KafkaGoTransactionObject object = (KafkaGoTransactionObject) transaction;
        Writer producer = take();
        try {
            object.transaction = producer.beginTransaction();
        } catch (RuntimeException e) {
            release(producer, e);
            throw new CannotCreateTransactionException("cannot begin a Kafka transaction: " + e.getMessage(), e);
        }
        object.producer = producer;
        threadTransactions.bind(object.transaction);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        try {
            objectOf(status).transaction.commit();
        } catch (RuntimeException e) {
            objectOf(status).failure = e;
            throw new TransactionSystemException(e instanceof KafkaTimeoutException
                    ? "the outcome of the Kafka transaction is unknown, it may have committed: " + e.getMessage()
                    : "the Kafka transaction did not commit: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        try {
            objectOf(status).transaction.abort();
        } catch (RuntimeException e) {
            objectOf(status).failure = e;
            throw new TransactionSystemException("the Kafka transaction did not abort: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doSetRollbackOnly(DefaultTransactionStatus status) {
        threadTransactions.setRollbackOnly();
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        KafkaGoTransactionObject object = (KafkaGoTransactionObject) transaction;
        threadTransactions.unbind();
        RuntimeException failure = object.failure;
        try {
            object.transaction.close(); // aborts if neither commit nor rollback ran (e.g. a failed commit)
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            release(object.producer, failure);
        }
    }

    private static KafkaGoTransactionObject objectOf(DefaultTransactionStatus status) {
        return (KafkaGoTransactionObject) status.getTransaction();
    }

    private Writer take() {
        synchronized (idle) {
            if (closed) {
                throw new CannotCreateTransactionException("the transaction manager is closed");
            }
            Writer producer = idle.pollFirst();
            if (producer == null) {
                producer = producers.apply(made++);
                all.add(producer);
            }
            return producer;
        }
    }

    /**
     * Returns a producer to the pool when its transaction ended cleanly (committed, or aborted as asked or because a
     * write failed); after any other failure (fenced, interrupted, the outcome unknown) it may still be in the
     * transaction or unusable, so it is closed and a new one made when needed.
     */
    private void release(Writer producer, RuntimeException failure) {
        boolean healthy = failure == null || failure instanceof KafkaTransactionAbortedException;
        synchronized (idle) {
            if (healthy && !closed) {
                idle.addFirst(producer); // the most recently used first
                return;
            }
            all.remove(producer);
        }
        producer.close();
    }

    /** Closes every producer of the pool (aborting a transaction still open). */
    @Override
    public void destroy() {
        List<Writer> toClose;
        synchronized (idle) {
            closed = true;
            toClose = List.copyOf(all);
            idle.clear();
        }
        toClose.forEach(Writer::close);
    }
}
