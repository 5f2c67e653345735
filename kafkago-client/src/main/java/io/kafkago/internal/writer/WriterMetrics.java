package io.kafkago.internal.writer;

import io.kafkago.WriterStats;
import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Writer's counters, updated from user threads and the sender without locks and read as a
 * {@link WriterStats} snapshot.
 */
public final class WriterMetrics {

    private final LongAdder writes = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder writeLatencyNanos = new LongAdder();
    private final LongAccumulator maxWriteLatencyNanos = new LongAccumulator(Math::max, 0);

    /** A write call completed (successfully or not) after {@code latencyNanos}. */
    public void recordWrite(long latencyNanos) {
        writes.increment();
        writeLatencyNanos.add(latencyNanos);
        maxWriteLatencyNanos.accumulate(latencyNanos);
    }

    /** A batch of {@code messageCount} messages holding {@code byteCount} record bytes was acknowledged. */
    public void recordBatchAcknowledged(int messageCount, long byteCount) {
        batches.increment();
        messages.add(messageCount);
        bytes.add(byteCount);
    }

    /** A Produce request was sent. */
    public void recordRequest() {
        requests.increment();
    }

    /** {@code messageCount} messages failed for good. */
    public void recordErrors(int messageCount) {
        errors.add(messageCount);
    }

    /** A batch attempt failed (or could not be made) and will be made again. */
    public void recordRetry() {
        retries.increment();
    }

    /** A snapshot of the counters; {@code bufferedBytes} comes from the buffer budget. */
    public WriterStats snapshot(long bufferedBytes) {
        long writeCount = writes.sum();
        long batchCount = batches.sum();
        long messageCount = messages.sum();
        double averageBatch = batchCount == 0 ? 0 : (double) messageCount / batchCount;
        Duration averageLatency = writeCount == 0 ? Duration.ZERO : Duration.ofNanos(writeLatencyNanos.sum() / writeCount);
        return new WriterStats(writeCount, messageCount, bytes.sum(), batchCount, requests.sum(), errors.sum(),
                retries.sum(), averageBatch, averageLatency, Duration.ofNanos(maxWriteLatencyNanos.get()), bufferedBytes);
    }
}
