package io.kafkago.internal.writer;

import io.kafkago.ErrorCode;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaFencedException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.WriterConfig;
import io.kafkago.internal.group.PendingCommit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions of a transactional Writer, one at a time: begin (InitProducerId the first time and after an abort
 * that did not reach the coordinator), offsets committed in the transaction, commit and abort, and the fencing that
 * ends the Writer. Calls come from application threads, under one lock; the sender thread keeps the transaction's
 * partitions and its failure ({@link Sender#beginTransaction}, {@link Sender#transactionState}).
 */
public final class ProducerTransactions {

    private static final Logger log = LoggerFactory.getLogger(ProducerTransactions.class);

    private final WriterConfig config;
    private final TransactionCoordinator coordinator;
    private final Sender sender;
    /** Sends every pending batch and waits for them until the deadline; false when it passed. */
    private final LongPredicate flush;
    private final BooleanSupplier closed;
    /** Held by begin, commit, abort and offset commits: one transaction at a time. */
    private final Object transactionLock = new Object();
    private TransactionCoordinator.ProducerIdAndEpoch producer;
    /** Whether the open transaction uses transaction version 2 (KIP-890), chosen when it begins. */
    private boolean versionTwo;
    private volatile boolean inTransaction;
    /** Whether the open transaction may hold offsets (AddOffsetsToTxn was sent). */
    private boolean offsetsAdded;
    /**
     * An abort did not reach the coordinator: the next transaction starts with InitProducerId, which ends whatever the
     * coordinator still holds open under this id and bumps the epoch.
     */
    private boolean recoveryNeeded;
    private volatile KafkaFencedException fenced;

    ProducerTransactions(WriterConfig config, TransactionCoordinator coordinator, Sender sender, LongPredicate flush,
                         BooleanSupplier closed) {
        this.config = config;
        this.coordinator = coordinator;
        this.sender = sender;
        this.flush = flush;
        this.closed = closed;
    }

    /**
     * Refuses a write outside a transaction, or after fencing.
     *
     * @throws IllegalStateException when no transaction is open
     * @throws KafkaFencedException when another producer took the transactional id
     */
    void checkWritable() {
        checkNotFenced();
        if (!inTransaction) {
            throw new IllegalStateException("a transactional Writer writes inside a transaction only: call"
                    + " beginTransaction() first");
        }
    }

    /**
     * Opens a transaction; the first one asks the coordinator for the producer id, fencing older owners of the
     * transactional id.
     *
     * @throws IllegalStateException when the Writer is not transactional, closed, or a transaction is open
     * @throws KafkaFencedException when another producer took the transactional id
     */
    public void beginTransaction() {
        sender.refuseSenderThread("begin a transaction");
        synchronized (transactionLock) {
            if (closed.getAsBoolean()) {
                throw new IllegalStateException("the writer is closed");
            }
            checkNotFenced();
            if (inTransaction) {
                throw new IllegalStateException("a transaction is open: commit or abort it first (one transaction at"
                        + " a time per Writer)");
            }
            long deadline = System.nanoTime() + config.deliveryTimeout().toNanos();
            if (producer == null || recoveryNeeded) {
                TransactionCoordinator.ProducerIdAndEpoch current = producer;
                producer = fencing(() -> coordinator.initProducerId(current, deadline));
                recoveryNeeded = false;
            }
            versionTwo = coordinator.offersVersionTwo(deadline);
            awaitSender(sender.beginTransaction(producer.producerId(), producer.epoch(), versionTwo),
                    "beginning a transaction");
            offsetsAdded = false;
            inTransaction = true;
        }
    }

    /**
     * Commits the offsets of {@code commit} for {@code groupId} inside the open transaction. A failure makes the
     * transaction abort-only.
     */
    public void commitOffsets(String groupId, PendingCommit commit) {
        synchronized (transactionLock) {
            requireOpenTransaction();
            offsetsAdded = true; // AddOffsetsToTxn may take effect even when the call fails
            try {
                long deadline = System.nanoTime() + config.deliveryTimeout().toNanos();
                fencing(() -> {
                    coordinator.commitOffsets(producer, groupId, commit, versionTwo, deadline);
                    return null;
                });
            } catch (KafkaException e) {
                failTransaction(e);
                throw e;
            }
        }
    }

    /** Makes the open transaction abort-only: {@link #commitTransaction()} aborts it and says why. */
    public void failTransaction(KafkaException reason) {
        awaitSender(sender.failTransaction(reason), "failing the transaction");
    }

    /**
     * Waits for every write of the open transaction and commits it, or aborts it when a write failed.
     *
     * @throws KafkaTransactionAbortedException when it was aborted instead
     * @throws KafkaFencedException when another producer took the transactional id (fatal)
     * @throws KafkaTimeoutException when the coordinator did not answer in time: the outcome is unknown, and the
     *     transaction stays open for another commit or an abort
     */
    public void commitTransaction() {
        sender.refuseSenderThread("commit a transaction");
        synchronized (transactionLock) {
            requireOpenTransaction();
            long deadline = System.nanoTime() + config.deliveryTimeout().toNanos();
            if (!flush.test(deadline)) {
                failTransaction(new KafkaTimeoutException("the transaction's writes were not all acknowledged within"
                        + " deliveryTimeout (" + config.deliveryTimeout() + ")"));
            }
            Sender.TransactionState state = awaitSender(sender.transactionState(), "committing the transaction");
            checkNotFenced();
            if (state.failure() != null) {
                abortOpenTransaction();
                throw new KafkaTransactionAbortedException("the transaction was aborted: " + state.failure().getMessage(),
                        state.failure());
            }
            if (state.anyPartition() || offsetsAdded) {
                try {
                    endTransaction(true, deadline);
                } catch (KafkaBrokerException e) {
                    if (e instanceof KafkaFencedException || !abortable(e.errorCode())) {
                        throw e;
                    }
                    abortOpenTransaction();
                    throw new KafkaTransactionAbortedException("the coordinator refused the commit: " + e.getMessage(), e);
                }
            }
            inTransaction = false;
        }
    }

    /**
     * Aborts the open transaction: writes not sent yet fail, those in flight are waited for, and nothing of it
     * becomes visible to READ_COMMITTED readers.
     */
    public void abortTransaction() {
        sender.refuseSenderThread("abort a transaction");
        synchronized (transactionLock) {
            requireOpenTransaction();
            abortOpenTransaction();
        }
    }

    /** Whether a transaction is open. */
    public boolean inTransaction() {
        return inTransaction;
    }

    private void abortOpenTransaction() {
        long deadline = System.nanoTime() + config.deliveryTimeout().toNanos();
        failTransaction(new KafkaTransactionAbortedException("the transaction was aborted", null));
        flush.test(deadline);
        Sender.TransactionState state = awaitSender(sender.transactionState(), "aborting the transaction");
        inTransaction = false; // whatever happens below, the next call starts afresh (or meets the fencing)
        checkNotFenced();
        // A new epoch, so no sequence of a write that failed in flight can collide with the next transaction's; in
        // version 2 EndTxn bumps it.
        boolean bump = !versionTwo;
        recoveryNeeded = true; // until the coordinator confirmed the end
        if (state.anyPartition() || offsetsAdded) {
            try {
                endTransaction(false, deadline);
            } catch (KafkaBrokerException e) {
                if (e instanceof KafkaFencedException || !(e.errorCode() == ErrorCode.INVALID_TXN_STATE
                        || e.errorCode() == ErrorCode.INVALID_PRODUCER_EPOCH)) {
                    throw e;
                }
                bump = true; // the coordinator ended it already (it ran past transactionTimeout)
            }
        }
        if (bump) {
            producer = fencing(() -> coordinator.initProducerId(producer, deadline));
        }
        recoveryNeeded = false;
    }

    /**
     * Whether a refused commit can be aborted and the Writer go on: TRANSACTION_ABORTABLE (KIP-890), or what the
     * coordinator answers once it aborted a transaction past its timeout (INVALID_PRODUCER_EPOCH, and in transaction
     * version 2 INVALID_TXN_STATE; version 1 answers PRODUCER_FENCED, which stays fatal, as in kafka-clients, since a
     * successor's InitProducerId looks the same).
     */
    private static boolean abortable(ErrorCode code) {
        return code == ErrorCode.TRANSACTION_ABORTABLE || code == ErrorCode.INVALID_PRODUCER_EPOCH
                || code == ErrorCode.INVALID_TXN_STATE;
    }

    /** EndTxn; in transaction version 2 the next transaction runs under the epoch it bumped to. */
    private void endTransaction(boolean commit, long deadline) {
        producer = fencing(() -> coordinator.endTransaction(producer, commit, versionTwo, deadline));
    }

    private <T> T fencing(Supplier<T> call) {
        try {
            return call.get();
        } catch (KafkaFencedException e) {
            fenced = e;
            inTransaction = false;
            throw e;
        }
    }

    private void checkNotFenced() {
        KafkaFencedException cause = fenced != null ? fenced : sender.fenced();
        if (cause != null) {
            fenced = cause;
            inTransaction = false;
            throw new KafkaFencedException(cause.errorCode(), "this Writer was fenced: another producer uses"
                    + " transactional id " + config.transactionalId() + " now; close this Writer");
        }
    }

    private void requireOpenTransaction() {
        checkNotFenced();
        if (!inTransaction) {
            throw new IllegalStateException("no transaction is open: call beginTransaction() first");
        }
    }

    private static <T> T awaitSender(CompletableFuture<T> step, String what) {
        try {
            return step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaInterruptedException("interrupted while " + what);
        } catch (ExecutionException e) {
            throw ProduceErrors.unwrap(e, what);
        }
    }

    /** A transaction left open when the Writer closes is aborted, so its messages never become visible. */
    void abortOnClose() {
        if (!inTransaction) {
            return;
        }
        synchronized (transactionLock) {
            if (!inTransaction) {
                return;
            }
            try {
                abortOpenTransaction();
            } catch (KafkaException e) {
                log.warn("could not abort the open transaction on close (the coordinator aborts it after"
                        + " transactionTimeout): {}", e.getMessage());
            }
        }
    }
}
