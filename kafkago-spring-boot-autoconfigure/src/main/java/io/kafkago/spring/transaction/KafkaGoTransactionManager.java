package io.kafkago.spring.transaction;

import io.kafkago.Transaction;
import io.kafkago.Writer;
import io.kafkago.spring.listener.ListenerTransactionBinding;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A {@code PlatformTransactionManager} for one transactional {@link Writer}: a {@code @Transactional} method runs in a
 * Kafka transaction of that Writer, so what it writes through the Writer (plain {@code writeMessages} joins the open
 * transaction) becomes visible to read_committed readers when the method returns, and never when it throws.
 *
 * <p>A Writer holds one transaction at a time, so transactions of this manager run one after another: a thread that
 * begins one while another thread's is open waits for it to end. Suspending (REQUIRES_NEW inside a transaction) is not
 * supported. Called from an exactly-once {@code @KafkaGoListener}, a {@code @Transactional} method joins the listener's
 * transaction (of the member's own producer) rather than opening one: a rollback makes the listener abort it. Next to
 * a JDBC transaction manager, the two commit one after the other (name this one in
 * {@code @Transactional("kafkaGoTransactionManager")} or chain them): the commit of the second can still fail after the
 * first committed, so the pair is best effort, not atomic.
 */
public final class KafkaGoTransactionManager extends AbstractPlatformTransactionManager {

    private static final long serialVersionUID = 1L;

    private final transient Writer writer;
    /** One Kafka transaction of the Writer at a time, held from begin to cleanup. */
    private final transient ReentrantLock open = new ReentrantLock(true);

    /** @param writer a transactional Writer ({@code WriterConfig.transactionalId} set) */
    public KafkaGoTransactionManager(Writer writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
        if (!writer.config().transactional()) {
            throw new IllegalArgumentException("the Writer is not transactional: set a transactionalId"
                    + " (kafkago.writer.transaction-id-prefix)");
        }
        setTransactionSynchronization(SYNCHRONIZATION_ON_ACTUAL_TRANSACTION);
    }

    /** The Writer whose transactions this manager runs. */
    public Writer getWriter() {
        return writer;
    }

    /** The open transaction, bound to the thread while a {@code @Transactional} method runs. */
    static final class TransactionHolder extends ResourceHolderSupport {
        private final Transaction transaction;

        TransactionHolder(Transaction transaction) {
            this.transaction = transaction;
        }

        Transaction transaction() {
            return transaction;
        }
    }

    private static final class KafkaGoTransactionObject {
        private TransactionHolder holder;
        /** Whether the thread runs an exactly-once listener's transaction, which a method joins instead. */
        private boolean inListenerTransaction;
    }

    @Override
    protected Object doGetTransaction() {
        KafkaGoTransactionObject object = new KafkaGoTransactionObject();
        object.holder = (TransactionHolder) TransactionSynchronizationManager.getResource(writer);
        object.inListenerTransaction = object.holder == null && listenerTransactions() != null
                && listenerTransactions().current() != null;
        return object;
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        KafkaGoTransactionObject object = (KafkaGoTransactionObject) transaction;
        return object.holder != null || object.inListenerTransaction;
    }

    /** The listener transactions the Writer's writes join, when it was configured with them (the Writer bean is). */
    private ListenerTransactionBinding listenerTransactions() {
        return writer.config().transactionBinding() instanceof ListenerTransactionBinding binding ? binding : null;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        open.lock();
        try {
            TransactionHolder holder = new TransactionHolder(writer.beginTransaction());
            holder.setSynchronizedWithTransaction(true);
            ((KafkaGoTransactionObject) transaction).holder = holder;
            TransactionSynchronizationManager.bindResource(writer, holder);
        } catch (RuntimeException e) {
            open.unlock();
            throw new CannotCreateTransactionException("cannot begin a Kafka transaction: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        try {
            holderOf(status).transaction().commit();
        } catch (RuntimeException e) {
            throw new TransactionSystemException("the Kafka transaction did not commit: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        try {
            holderOf(status).transaction().abort();
        } catch (RuntimeException e) {
            throw new TransactionSystemException("the Kafka transaction did not abort: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doSetRollbackOnly(DefaultTransactionStatus status) {
        if (((KafkaGoTransactionObject) status.getTransaction()).inListenerTransaction) {
            listenerTransactions().setRollbackOnly(); // the listener aborts its transaction instead of committing it
        } else {
            holderOf(status).setRollbackOnly();
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        KafkaGoTransactionObject object = (KafkaGoTransactionObject) transaction;
        TransactionSynchronizationManager.unbindResource(writer);
        try {
            object.holder.transaction().close(); // aborts if neither commit nor rollback ran (e.g. a failed commit)
        } finally {
            object.holder.clear();
            object.holder = null;
            open.unlock();
        }
    }

    private static TransactionHolder holderOf(DefaultTransactionStatus status) {
        return ((KafkaGoTransactionObject) status.getTransaction()).holder;
    }
}
