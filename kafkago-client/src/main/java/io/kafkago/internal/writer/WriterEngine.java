package io.kafkago.internal.writer;

import io.kafkago.internal.Backoff;
import io.kafkago.Balancer;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
    /** The transactions of a transactional Writer, or null. */
    private final ProducerTransactions transactions;

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
        TransactionCoordinator coordinator = config.transactional() ? new TransactionCoordinator(
                config.transactionalId(), config.transactionTimeout(), pool, config.writeTimeout().plus(config.readTimeout()),
                backoff) : null;
        this.sender = new Sender(config, pool, accumulator, budget, metrics, builders, coordinator,
                "kafkago-writer-" + WRITER_IDS.incrementAndGet());
        sender.start();
        this.transactions = coordinator == null ? null
                : new ProducerTransactions(config, coordinator, sender, this::flush, this::isClosed);
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
        checkTopics(topic, messages);
        writesInProgress.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("the writer is closed: it accepts no more messages");
            }
            if (sender.crash() != null) {
                throw new IllegalStateException("the writer is broken, close it", sender.crash());
            }
            if (transactions != null) {
                transactions.checkWritable();
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

    /**
     * Checks that each message has a topic from exactly one place: itself, or {@code topic}, the writer's.
     *
     * @throws IllegalArgumentException when a message is null, has no topic, or contradicts the writer's
     */
    public static void checkTopics(String topic, Message[] messages) {
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
        if (transactions != null) {
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
        if (transactions != null) {
            transactions.abortOnClose();
        }
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

    /**
     * The transactions of this Writer.
     *
     * @throws IllegalStateException when the Writer is not transactional
     */
    public ProducerTransactions transactions() {
        if (transactions == null) {
            throw new IllegalStateException("the Writer is not transactional: set WriterConfig.transactionalId");
        }
        return transactions;
    }

    /**
     * Refuses a blocking call from a completion callback: the sender thread would wait for itself.
     *
     * @param what the call, for the message
     */
    public void checkNotSenderThread(String what) {
        sender.refuseSenderThread(what);
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
