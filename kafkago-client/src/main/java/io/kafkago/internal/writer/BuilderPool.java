package io.kafkago.internal.writer;

import io.kafkago.protocol.record.CompressionCodec;
import io.kafkago.protocol.record.RecordBatchBuilder;
import java.util.ArrayDeque;

/**
 * Record batch builders for open batches: writer threads take one when a partition starts a batch,
 * the sender gives it back once the batch is sealed. A builder keeps its grown encoding buffer, so
 * reuse spares both the builder and its buffer. Thread-safe.
 */
final class BuilderPool {

    private final ArrayDeque<RecordBatchBuilder> idle = new ArrayDeque<>();
    private final CompressionCodec codec;
    private final int maxIdle;

    /**
     * @param codec   compression of every batch
     * @param maxIdle builders kept for reuse at most
     */
    BuilderPool(CompressionCodec codec, int maxIdle) {
        this.codec = codec;
        this.maxIdle = maxIdle;
    }

    /** A builder reset for a new batch. */
    RecordBatchBuilder take() {
        RecordBatchBuilder builder;
        synchronized (idle) {
            builder = idle.pollFirst();
        }
        return (builder != null ? builder : new RecordBatchBuilder()).reset(codec);
    }

    /** Takes a builder back for reuse, or drops it when enough are idle. */
    void give(RecordBatchBuilder builder) {
        synchronized (idle) {
            if (idle.size() < maxIdle) {
                idle.addFirst(builder);
            }
        }
    }
}
