package io.kafkago.internal.reader;

import io.kafkago.IsolationLevel;
import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.ReaderStats;
import io.kafkago.TopicPartition;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The parts both reader engines are made of: the connections, the fetch loop and the queue of messages fetched ahead,
 * plus the metrics they share. Messages leave it in order through {@link #next} or {@link #nextAsync}, each passed to
 * the engine's {@code onTake} as it is handed out.
 */
public final class ReaderPipeline implements AutoCloseable {

    private final ReaderMetrics metrics = new ReaderMetrics();
    private final PrefetchQueue<Message> queue;
    private final ReaderCluster cluster;
    private final Fetcher fetcher;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param onTake told about each message as it is handed out, before the reader's caller sees it
     * @throws io.kafkago.KafkaConfigException if a broker address cannot be parsed
     */
    public ReaderPipeline(ReaderConfig config, Consumer<Message> onTake) {
        this.queue = new PrefetchQueue<>(config.queueCapacity(), config.queueCapacityBytes(), MessageBytes::of,
                message -> {
                    onTake.accept(message);
                    metrics.recordMessage(length(message.key()) + length(message.value()));
                });
        this.cluster = new ReaderCluster(config);
        this.fetcher = new Fetcher(config, cluster, queue, metrics);
    }

    public ReaderMetrics metrics() {
        return metrics;
    }

    public PrefetchQueue<Message> queue() {
        return queue;
    }

    public ReaderCluster cluster() {
        return cluster;
    }

    public Fetcher fetcher() {
        return fetcher;
    }

    /** The next message within {@code waitNanos}, or null (counted as a timeout). */
    public Message next(long waitNanos) throws InterruptedException {
        ensureOpen();
        Message message = queue.poll(waitNanos);
        if (message == null) {
            metrics.recordTimeout();
        }
        return message;
    }

    /** The next message once there. */
    public CompletableFuture<Message> nextAsync() {
        ensureOpen();
        return queue.pollAsync();
    }

    /** The offset of the first message of {@code partition} at or after {@code time}, or LAST_OFFSET when none is. */
    public long offsetAt(TopicPartition partition, Instant time, IsolationLevel isolation) {
        ensureOpen();
        long offset = cluster.offsetForTime(partition, time.toEpochMilli(), isolation);
        return offset < 0 ? ReaderConfig.LAST_OFFSET : offset;
    }

    /** Pauses {@code partition} if {@code allowed} says it is the reader's (checked in step with the fetch loop). */
    public void pause(TopicPartition partition, BooleanSupplier allowed) {
        ensureOpen();
        if (!fetcher.pause(partition, allowed)) {
            throw new IllegalStateException("cannot pause " + partition + ": it is not assigned to this reader");
        }
    }

    /** Resumes {@code partition}; nothing happens when it is not paused. */
    public void resume(TopicPartition partition) {
        ensureOpen();
        fetcher.resume(partition);
    }

    /** The stats, with the engine's view of offsets and assignment. */
    public ReaderStats stats(long offset, long lag, int assignedPartitions) {
        return metrics.snapshot(offset, lag, queue.size(), queue.bytes(), queue.capacity(), assignedPartitions);
    }

    /** @throws IllegalStateException once closed */
    public void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Reader is closed");
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Wakes blocked readers, stops fetching, runs {@code beforeDisconnect} (the group leaves) and closes the
     * connections; only the first call does anything.
     */
    public void close(Runnable beforeDisconnect) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.close(() -> new IllegalStateException("Reader is closed"));
        try {
            fetcher.close();
            beforeDisconnect.run();
        } finally {
            cluster.close();
        }
    }

    @Override
    public void close() {
        close(() -> { });
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
