package io.kafkago.internal.writer;

import io.kafkago.internal.Backoff;
import io.kafkago.Balancer;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaFencedException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.internal.group.PendingCommit;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.RequiredAcks;
import io.kafkago.WriteCompletion;
import io.kafkago.WriteException;
import io.kafkago.WriterConfig;
import io.kafkago.WriterStats;
import io.kafkago.network.BrokerAddress;
import io.kafkago.network.ConnectionPool;
import io.kafkago.network.ConnectionSettings;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.record.CompressionCodec;
import io.kafkago.protocol.record.RecordBatchBuilder;
import io.kafkago.protocol.record.RecordBatches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything behind {@link io.kafkago.Writer}: routes each message to a partition, reserves buffer space,
 * encodes it into its partition's open batch, and lets the {@link Sender} deliver. Public only so the
 * public {@code Writer} in another package can use it; not part of kafkago's API.
 */
public final class WriterEngine {

    private static final Logger log = LoggerFactory.getLogger(WriterEngine.class);
    private static final AtomicInteger WRITER_IDS = new AtomicInteger();

    private final WriterConfig config;
    private final String topic;
    private final Balancer balancer;
    private final WriteCompletion completion;
    private final int maxRecordSize;
    private final long writeTimeoutNanos;
    private final ConnectionPool pool;
    private final BufferBudget budget;
    private final WriterMetrics metrics = new WriterMetrics();
    private final RecordAccumulator accumulator;
    private final TopicRouter router;
    private final Sender sender;
    private final PendingWrite.Listener listener = this::completed;
    private final AtomicInteger writesInProgress = new AtomicInteger();
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /** The transaction coordinator's client, or null for a Writer that is not transactional. */
    private final TransactionCoordinator coordinator;
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

    /** Creates the engine and starts its sender thread; no broker is contacted until the first write. */
    public WriterEngine(WriterConfig config) {
        this.config = config;
        this.topic = config.topic();
        this.balancer = config.balancer();
        this.completion = config.completion();
        this.maxRecordSize = config.batchBytes() - RecordBatches.HEADER_SIZE;
        this.writeTimeoutNanos = config.writeTimeout().toNanos();
        List<BrokerAddress> bootstrap = new ArrayList<>();
        for (String broker : config.brokers()) {
            bootstrap.add(BrokerAddress.parse(broker));
        }
        ConnectionSettings settings = ConnectionSettings.of(config.dialer())
                .withRequestTimeout(config.writeTimeout().plus(config.readTimeout()));
        this.pool = new ConnectionPool(settings, bootstrap);
        this.budget = new BufferBudget(config.bufferedBytesLimit());
        Backoff backoff = new Backoff(config.writeBackoffMin(), config.writeBackoffMax());
        // Keep enough idle builders to cover the buffer limit, so steady writing reuses their grown buffers.
        int idleBuilders = (int) Math.max(64, Math.min(4096, config.bufferedBytesLimit() / config.batchBytes()));
        BuilderPool builders = new BuilderPool(CompressionCodec.forId(config.compression().id()), idleBuilders);
        this.accumulator = new RecordAccumulator(builders, config.batchSize(), config.batchBytes());
        this.router = new TopicRouter(pool.metadata(), config.allowAutoTopicCreation(), backoff);
        this.coordinator = config.transactional() ? new TransactionCoordinator(config.transactionalId(),
                config.transactionTimeout(), pool, config.writeTimeout().plus(config.readTimeout()), backoff) : null;
        this.sender = new Sender(config, pool, accumulator, budget, metrics, builders, coordinator,
                "kafkago-writer-" + WRITER_IDS.incrementAndGet());
        sender.start();
    }

    /**
     * Hands messages to the writer. Messages that cannot be written at all (unknown topic or partition,
     * larger than {@code batchBytes}, no buffer space within {@code writeTimeout}) fail at once; the
     * others go to their partitions' batches.
     *
     * @param messages the call's messages; the array is kept by the returned write
     * @throws IllegalArgumentException when a message is null or its topic contradicts the config
     * @throws IllegalStateException when the writer is closed
     * @throws KafkaInterruptedException when interrupted while looking up a topic (nothing was written)
     */
    public PendingWrite submit(Message[] messages) {
        checkTopics(messages);
        writesInProgress.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("the writer is closed: it accepts no more messages");
            }
            if (sender.crash() != null) {
                throw new IllegalStateException("the writer is broken, close it", sender.crash());
            }
            if (coordinator != null) {
                checkNotFenced();
                if (!inTransaction) {
                    throw new IllegalStateException("a transactional Writer writes inside a transaction only: call"
                            + " beginTransaction() first");
                }
            }
            long startNanos = System.nanoTime();
            long deadlineNanos = startNanos + writeTimeoutNanos;
            PendingWrite write = new PendingWrite(messages, startNanos, listener);
            PartitionQueue[] targets = new PartitionQueue[messages.length];
            int[] sizes = new int[messages.length];
            long totalBytes = route(write, targets, sizes, deadlineNanos);
            if (totalBytes > 0) {
                if (budget.tryAcquire(totalBytes)) {
                    accumulator.append(write, 0, messages.length, targets, sizes, System.currentTimeMillis(), startNanos);
                } else {
                    appendWithBackPressure(write, targets, sizes, deadlineNanos);
                }
                sender.wakeup();
            }
            return write;
        } finally {
            writesInProgress.decrementAndGet();
        }
    }

    private void checkTopics(Message[] messages) {
        for (int i = 0; i < messages.length; i++) {
            Message message = messages[i];
            if (message == null) {
                throw new IllegalArgumentException("message " + i + " is null");
            }
            if (topic != null && message.topic() != null) {
                throw new IllegalArgumentException("message " + i + " names topic " + message.topic()
                        + " but the writer's topic is " + topic + ": set the topic in one place only");
            }
            if (topic == null && message.topic() == null) {
                throw new IllegalArgumentException("message " + i
                        + " has no topic and the writer has none: set WriterConfig.topic or Message.withTopic");
            }
        }
    }

    /** Picks each message's partition queue and size; fails the messages that cannot be written. */
    private long route(PendingWrite write, PartitionQueue[] targets, int[] sizes, long deadlineNanos) {
        Message[] messages = write.messages();
        String routedTopic = null;
        int[] partitions = null;
        KafkaException topicError = null;
        long totalBytes = 0;
        for (int i = 0; i < messages.length; i++) {
            Message message = messages[i];
            String messageTopic = topic != null ? topic : message.topic();
            if (!messageTopic.equals(routedTopic)) {
                routedTopic = messageTopic;
                try {
                    partitions = router.partitions(messageTopic, deadlineNanos);
                    topicError = null;
                } catch (KafkaInterruptedException e) {
                    throw e;
                } catch (KafkaException e) {
                    topicError = e;
                }
            }
            if (topicError != null) {
                fail(write, i, topicError);
                continue;
            }
            int size = RecordBatchBuilder.maxRecordSize(message.key(), message.value(), message.headers());
            if (size > maxRecordSize) {
                fail(write, i, new KafkaBrokerException(ErrorCode.MESSAGE_TOO_LARGE, "message " + i + " needs up to "
                        + size + " bytes encoded, more than batchBytes (" + config.batchBytes() + ") leaves for one record"));
                continue;
            }
            int partition = message.partition() != Message.UNSET ? message.partition() : balancer.balance(message, partitions);
            if (Arrays.binarySearch(partitions, partition) < 0) {
                fail(write, i, new KafkaBrokerException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + partition
                        + " of topic " + messageTopic + " does not exist (it has " + partitions.length + ")"));
                continue;
            }
            targets[i] = accumulator.queue(messageTopic, partition);
            sizes[i] = size;
            totalBytes += size;
        }
        return totalBytes;
    }

    /** Appends message by message, waiting for buffer space; what cannot wait longer fails. */
    private void appendWithBackPressure(PendingWrite write, PartitionQueue[] targets, int[] sizes, long deadlineNanos) {
        boolean interrupted = false;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == null) {
                continue;
            }
            boolean reserved;
            try {
                reserved = budget.acquire(sizes[i], deadlineNanos);
            } catch (InterruptedException e) {
                interrupted = true;
                reserved = false;
            }
            if (!reserved) {
                KafkaException error = interrupted
                        ? new KafkaInterruptedException("interrupted while waiting for buffer space; message not written")
                        : new KafkaTimeoutException("no buffer space within writeTimeout (" + config.writeTimeout()
                                + "): bufferedBytesLimit " + config.bufferedBytesLimit() + " reached; message not written");
                for (int j = i; j < targets.length; j++) {
                    if (targets[j] != null) {
                        fail(write, j, error);
                    }
                }
                break;
            }
            accumulator.append(write, i, i + 1, targets, sizes, System.currentTimeMillis(), System.nanoTime());
            sender.wakeup();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(PendingWrite write, int index, KafkaException error) {
        if (coordinator != null) {
            sender.failTransaction(error); // a transaction missing one of its messages must not commit
        }
        if (completion != null) {
            try {
                completion.completed(List.of(write.message(index)), error);
            } catch (RuntimeException e) {
                log.warn("write completion callback failed", e);
            }
        }
        write.failed(index, error);
    }

    private void completed(PendingWrite write, WriteException failure) {
        metrics.recordWrite(System.nanoTime() - write.startNanos());
        if (failure != null) {
            metrics.recordErrors(failure.errors().size());
            if (config.async() && completion == null) {
                log.warn("asynchronous write failed: {}", failure.getMessage());
            }
        }
    }

    /**
     * Sends every batch now and waits until each one handed in before this call is written or failed.
     *
     * @param deadlineNanos {@link System#nanoTime()} after which to stop waiting
     * @return false when the deadline passed first
     * @throws KafkaInterruptedException when interrupted; the interrupt status stays set
     */
    public boolean flush(long deadlineNanos) {
        checkNotSenderThread("flush");
        List<ProducerBatch> pending = accumulator.sealAllForFlush();
        sender.wakeup();
        try {
            return accumulator.awaitCompletion(pending, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaInterruptedException("interrupted while flushing the writer");
        }
    }

    /**
     * Refuses new writes, flushes what is pending within {@code timeout}, fails whatever is still not written,
     * and closes the connections. Later calls return at once.
     *
     * @return false when messages were still pending at the deadline (they failed with a timeout)
     */
    public boolean close(Duration timeout) {
        checkNotSenderThread("close");
        synchronized (closeLock) {
            if (closed) {
                return true;
            }
            closed = true;
        }
        abortOnClose();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = Thread.interrupted();
        boolean flushed = false;
        try {
            flushed = flush(deadline);
            while (writesInProgress.get() > 0 && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(100_000); // a write that passed the closed check before close() is appending
            }
            flushed = flush(deadline) && writesInProgress.get() == 0;
            if (config.requiredAcks() == RequiredAcks.NONE) {
                // Unanswered writes are only "sent": make sure the brokers read them before the sockets close.
                sender.barrier().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (TimeoutException | ExecutionException e) {
            flushed = false;
        } catch (KafkaInterruptedException e) {
            interrupted = true;
            Thread.interrupted();
        }
        KafkaTimeoutException reason = new KafkaTimeoutException(
                "the writer was closed before these messages were written (close timeout " + timeout + ")");
        while (true) {
            try {
                sender.shutdown(reason);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        pool.close();
        if (!flushed) {
            log.warn("writer closed with messages still pending after {}; they failed", timeout);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return flushed;
    }

    // ------------------------------------------------------------------------------------ transactions

    /**
     * Opens a transaction; the first one asks the coordinator for the producer id, fencing older owners of the
     * transactional id.
     *
     * @throws IllegalStateException when the Writer is not transactional, closed, or a transaction is open
     * @throws KafkaFencedException when another producer took the transactional id
     */
    public void beginTransaction() {
        requireTransactional();
        checkNotSenderThread("begin a transaction");
        synchronized (transactionLock) {
            if (closed) {
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
        checkNotSenderThread("commit a transaction");
        synchronized (transactionLock) {
            requireOpenTransaction();
            long deadline = System.nanoTime() + config.deliveryTimeout().toNanos();
            if (!flush(deadline)) {
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
        checkNotSenderThread("abort a transaction");
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
        flush(deadline);
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

    private void requireTransactional() {
        if (coordinator == null) {
            throw new IllegalStateException("the Writer is not transactional: set WriterConfig.transactionalId");
        }
    }

    private void requireOpenTransaction() {
        requireTransactional();
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
    private void abortOnClose() {
        if (coordinator == null || !inTransaction) {
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

    /**
     * Refuses a blocking call from a completion callback: the sender thread would wait for itself.
     *
     * @param what the call, for the message
     */
    public void checkNotSenderThread(String what) {
        if (sender.isSenderThread()) {
            throw new IllegalStateException("cannot " + what + " from a write completion callback: it runs on the"
                    + " writer's own thread, which would wait for itself");
        }
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Counters since creation. */
    public WriterStats stats() {
        return metrics.snapshot(budget.usedBytes());
    }
}
