package io.kafkago;

import io.kafkago.internal.writer.PendingWrite;
import io.kafkago.internal.writer.ProducerTransactions;
import io.kafkago.internal.writer.WriterEngine;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes messages to Kafka with batching, partition balancing, retries and graceful shutdown: the
 * high-level producer, like kafka-go's {@code Writer}.
 *
 * <pre>{@code
 * Writer w = new Writer(WriterConfig.builder()
 *         .brokers("localhost:9092").topic("topic-A").balancer(new LeastBytes()).build());
 * w.writeMessages(Message.of("Key-A", "Hello World!"), Message.of("Key-B", "One!"), Message.of("Key-C", "Two!"));
 * w.close();
 * }</pre>
 *
 * <p>Messages are batched per partition and sent per broker: one Produce request carries a batch for each
 * partition the broker leads, and several requests may be in flight per broker. A batch goes out at once
 * when its broker is idle, so a lone synchronous write is acknowledged in milliseconds; while requests
 * are in flight, new messages gather into bigger batches (bounded by {@code batchSize}, {@code batchBytes}
 * and {@code batchTimeout}). One background thread does the sending for the whole writer, however many
 * partitions it writes to.
 *
 * <p>By default writes are idempotent with {@code requiredAcks} ALL: the broker de-duplicates retried
 * batches, so retries after lost connections or leader changes neither duplicate nor reorder messages
 * within a partition. Retriable errors (lost connections, timeouts, leader changes, too few in-sync replicas)
 * are retried with exponential back-off until {@code deliveryTimeout} (2 minutes by default) has passed since
 * the messages were handed over, which rides out a broker's failure and the election of a new leader; other
 * errors fail only the messages concerned, and {@link WriteException#errors()} says which, why, and whether
 * they may have been written anyway (when no answer came, a failure cannot prove the broker did not append the
 * batch). An acknowledged message is in the topic once; a failed one is either absent or reported as maybe
 * written. Without idempotence, retries may duplicate messages and, with several requests in flight, reorder
 * them, as in other Kafka clients.
 *
 * <p>A writer is thread-safe. Messages are taken over, not copied (see {@link Message}): do not change
 * their arrays after handing them in. Close it to flush what is pending.
 */
public final class Writer implements AutoCloseable {

    /**
     * How much longer than {@code deliveryTimeout} a synchronous write waits before giving up on the writer's own
     * thread, which normally fails every message at its deadline itself (with a more precise error).
     */
    private static final Duration STALLED_SENDER_GRACE = Duration.ofSeconds(1);

    private final WriterConfig config;
    private final WriterEngine engine;

    /** Creates a writer and its sender thread. Brokers are contacted on the first write. */
    public Writer(WriterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.engine = new WriterEngine(config);
    }

    /** The configuration this writer was created with. */
    public WriterConfig config() {
        return config;
    }

    /**
     * Writes messages, blocking until the brokers acknowledged all of them (per {@code requiredAcks}), or, with
     * {@code async} set, only until they are accepted into batches (errors then go to the
     * {@link WriteCompletion} or the log).
     *
     * <p>When the writer has a topic, messages must not name one; when it has none, each must. A message whose
     * partition is set goes to that partition, the others to the balancer's choice. Blocks while the writer's
     * buffer is full, at most {@code writeTimeout}, then until every message is acknowledged or failed, at most
     * {@code deliveryTimeout}.
     *
     * @throws WriteException naming the messages that were not acknowledged, why, and whether each may have been
     *     written anyway; the others were written
     * @throws KafkaTimeoutException in the unlikely case that the writer's own thread stalled and settled nothing
     *     within {@code deliveryTimeout}; the messages may still be written
     * @throws KafkaInterruptedException when interrupted while waiting; messages already handed over may still
     *     be written, and the interrupt status stays set
     * @throws IllegalArgumentException when a message is null or its topic contradicts the writer's
     * @throws IllegalStateException when the writer is closed
     */
    public void writeMessages(Message... messages) {
        write(messages.clone());
    }

    /** Like {@link #writeMessages(Message...)} for a list (copied; the list may be reused afterwards). */
    public void writeMessages(List<Message> messages) {
        write(messages.toArray(new Message[0]));
    }

    private void write(Message[] messages) {
        Writer bound = boundWriter();
        if (bound != null && messages.length > 0) {
            bound.writeHere(withOwnTopic(messages));
        } else {
            writeHere(messages);
        }
    }

    /** Writes through this Writer itself, whatever transaction the thread works in (a {@link Transaction}'s writes). */
    void writeHere(Message[] messages) {
        if (messages.length == 0) {
            return;
        }
        if (!config.async()) {
            engine.checkNotSenderThread("write synchronously");
        }
        WriteInterceptor.Interception interception = intercept(messages);
        if (interception == null) {
            submitAndWait(messages);
            return;
        }
        PendingWrite write;
        try {
            write = submitAndWait(interceptedMessages(interception));
        } catch (RuntimeException | Error e) {
            interception.completed(e);
            throw e;
        }
        if (config.async()) {
            write.future().whenComplete((done, error) -> interception.completed(error)); // the outcome comes later
        } else {
            interception.completed(null);
        }
    }

    private PendingWrite submitAndWait(Message[] messages) {
        PendingWrite write = engine.submit(messages);
        if (!config.async()) {
            await(write, config.deliveryTimeout());
        }
        return write;
    }

    /**
     * Opens a transaction (transactional Writers only, see {@link WriterConfig#transactionalId()}): until it is
     * committed or aborted, every write of this Writer, through the transaction or through {@code writeMessages},
     * belongs to it. One transaction at a time: a second {@code beginTransaction} while one is open fails.
     *
     * <pre>{@code
     * try (Transaction tx = writer.beginTransaction()) {
     *     tx.writeMessages(Message.of("k", "v").withTopic("out"));
     *     tx.commitMessages(reader, consumed);
     *     tx.commit();
     * }
     * }</pre>
     *
     * @throws IllegalStateException when the Writer is not transactional or closed, or a transaction is open
     * @throws KafkaFencedException  when another producer took the transactional id
     */
    public Transaction beginTransaction() {
        ProducerTransactions transactions = engine.transactions();
        transactions.beginTransaction();
        return new Transaction(this, transactions);
    }

    /**
     * Runs {@code body} in a transaction: commits when it returns, aborts when it throws (and rethrows).
     *
     * @throws KafkaTransactionAbortedException when the commit had to abort instead
     */
    public void inTransaction(Consumer<Transaction> body) {
        try (Transaction transaction = beginTransaction()) {
            body.accept(transaction);
            transaction.commit();
        }
    }

    /**
     * Hands messages to the writer and returns at once with a future that completes when all were written, or
     * fails with a {@link WriteException} naming those that were not. Same rules as {@link #writeMessages}; the
     * call may still block while the buffer is full or a topic is looked up for the first time.
     *
     * <p>The future completes on the writer's thread: chain only quick, non-blocking work on it (or use the
     * {@code ...Async} variants). Cancelling it abandons the wait only: the messages may still be written.
     */
    public CompletableFuture<Void> writeMessagesAsync(Message... messages) {
        return submitAsync(messages.clone());
    }

    /** Like {@link #writeMessagesAsync(Message...)} for a list (copied; the list may be reused afterwards). */
    public CompletableFuture<Void> writeMessagesAsync(List<Message> messages) {
        return submitAsync(messages.toArray(new Message[0]));
    }

    private CompletableFuture<Void> submitAsync(Message[] messages) {
        if (messages.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        Writer bound = boundWriter();
        if (bound != null) {
            return bound.submitAsync(withOwnTopic(messages));
        }
        WriteInterceptor.Interception interception = intercept(messages);
        if (interception == null) {
            return engine.submit(messages).future();
        }
        CompletableFuture<Void> written;
        try {
            written = engine.submit(interceptedMessages(interception)).future();
        } catch (RuntimeException | Error e) {
            interception.completed(e);
            throw e;
        }
        return written.whenComplete((done, error) -> interception.completed(error));
    }

    /** The Writer of the transaction the calling thread works in, when that is another Writer's ({@link TransactionBinding}). */
    private Writer boundWriter() {
        TransactionBinding binding = config.transactionBinding();
        if (binding == null) {
            return null;
        }
        Transaction transaction = binding.current();
        return transaction == null || transaction.writer() == this ? null : transaction.writer();
    }

    /** The messages with this Writer's topic filled in, for a Writer that may have none; checked as this Writer would. */
    private Message[] withOwnTopic(Message[] messages) {
        String topic = config.topic();
        WriterEngine.checkTopics(topic, messages);
        if (topic != null) {
            for (int i = 0; i < messages.length; i++) {
                messages[i] = messages[i].withTopic(topic);
            }
        }
        return messages;
    }

    /** The configured interceptor's view of this call, or null without one. */
    private WriteInterceptor.Interception intercept(Message[] messages) {
        WriteInterceptor interceptor = config.interceptor();
        if (interceptor == null) {
            return null;
        }
        return Objects.requireNonNull(interceptor.intercept(config,
                Collections.unmodifiableList(Arrays.asList(messages))),
                "WriteInterceptor.intercept returned null");
    }

    private static Message[] interceptedMessages(WriteInterceptor.Interception interception) {
        return interception.messages().toArray(new Message[0]);
    }

    /**
     * Sends every pending message now and blocks until each one handed in before this call is written or failed. On a
     * thread working in another Writer's transaction ({@link TransactionBinding}), that Writer is flushed, since it
     * took this thread's writes.
     *
     * @throws KafkaInterruptedException when interrupted; the interrupt status stays set
     */
    public void flush() {
        flushEngine().flush(Long.MAX_VALUE);
    }

    /**
     * Like {@link #flush()} with a limit.
     *
     * @return false when messages were still pending when {@code timeout} ran out
     */
    public boolean flush(Duration timeout) {
        return flushEngine().flush(System.nanoTime() + timeout.toNanos());
    }

    private WriterEngine flushEngine() {
        Writer bound = boundWriter();
        return bound != null ? bound.engine : engine;
    }

    /** Counters of this writer's activity since it was created. */
    public WriterStats stats() {
        return engine.stats();
    }

    /**
     * Flushes pending messages, waiting at most {@code closeTimeout}, then closes the connections. Messages not
     * written by then fail with a {@link KafkaTimeoutException}. Later writes throw {@link IllegalStateException};
     * closing again does nothing.
     */
    @Override
    public void close() {
        close(config.closeTimeout());
    }

    /**
     * Like {@link #close()} with this flush limit.
     *
     * @return false when messages were still pending when {@code timeout} ran out (they failed)
     */
    public boolean close(Duration timeout) {
        return engine.close(Objects.requireNonNull(timeout, "timeout"));
    }

    private static void await(PendingWrite write, Duration deliveryTimeout) {
        CompletableFuture<Void> future = write.future();
        int messageCount = write.messages().length;
        long deadline = write.startNanos() + deliveryTimeout.toNanos() + STALLED_SENDER_GRACE.toNanos();
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new KafkaTimeoutException("no outcome for " + messageCount + " messages within the delivery timeout ("
                    + deliveryTimeout + "): the writer's thread did not settle them; they may still be written");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaInterruptedException("interrupted while waiting for " + messageCount
                    + " messages to be acknowledged; they may still be written");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WriteException failure && Thread.currentThread().isInterrupted()) {
                long interrupted = failure.errors().stream().filter(m -> m.error() instanceof KafkaInterruptedException).count();
                if (interrupted > 0) {
                    throw new KafkaInterruptedException("interrupted while waiting for buffer space: " + interrupted
                            + " of " + messageCount + " messages were not written, the others may still be written");
                }
            }
            if (e.getCause() instanceof KafkaException kafka) {
                throw kafka;
            }
            throw new KafkaException("write failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public String toString() {
        return "Writer[brokers=" + config.brokers() + ", topic=" + config.topic() + (engine.isClosed() ? ", closed" : "") + "]";
    }
}
