package io.kafkago.internal.writer;

import io.kafkago.KafkaException;
import java.util.Arrays;

/**
 * Records bound for one partition that travel together in one Produce request, with the write calls
 * they came from (so each message's outcome reaches its call) and the state of their delivery:
 * attempts, the idempotent base sequence and when a retry may go out.
 *
 * <p>Writer threads fill a batch under the accumulator's lock; once sealed it belongs to the sender
 * thread alone.
 */
final class ProducerBatch {

    private static final int INITIAL_CAPACITY = 16;

    private final PartitionQueue partition;
    private final long createdNanos;
    private long ordinal = -1;
    private PendingWrite[] writes = new PendingWrite[INITIAL_CAPACITY];
    private int[] indexes = new int[INITIAL_CAPACITY];
    private int recordCount;
    private long recordBytes;
    private long reservedBytes;

    private int baseSequence = -1;
    private int attempts;
    private long retryAtNanos;
    private KafkaException lastError;
    private boolean outcomeUnknown;
    private volatile boolean done;

    ProducerBatch(PartitionQueue partition, long createdNanos) {
        this.partition = partition;
        this.createdNanos = createdNanos;
    }

    /** Records that message {@code index} of {@code write} is in this batch. */
    void addOwner(PendingWrite write, int index, long bytes, long reserved) {
        if (recordCount == writes.length) {
            writes = Arrays.copyOf(writes, recordCount * 2);
            indexes = Arrays.copyOf(indexes, recordCount * 2);
        }
        writes[recordCount] = write;
        indexes[recordCount] = index;
        recordCount++;
        recordBytes += bytes;
        reservedBytes += reserved;
    }

    PartitionQueue partition() {
        return partition;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** Position of this batch among its partition's batches, fixed when it is sealed. */
    long ordinal() {
        return ordinal;
    }

    void ordinal(long value) {
        ordinal = value;
    }

    int recordCount() {
        return recordCount;
    }

    /** Key, value and header bytes of the records, for stats. */
    long recordBytes() {
        return recordBytes;
    }

    /** Bytes reserved from the buffer budget for this batch, released when it completes. */
    long reservedBytes() {
        return reservedBytes;
    }

    /** The idempotent base sequence, or -1 while none is assigned. */
    int baseSequence() {
        return baseSequence;
    }

    void baseSequence(int sequence) {
        baseSequence = sequence;
    }

    /** The sequence after this batch's last record. */
    int nextSequence() {
        return Sequences.add(baseSequence, recordCount);
    }

    int attempts() {
        return attempts;
    }

    /** Counts one more send of this batch. */
    void attempted() {
        attempts++;
    }

    long retryAtNanos() {
        return retryAtNanos;
    }

    /** The last attempt failed with {@code error}; the next may go out at {@code retryAt}. */
    void failedAttempt(KafkaException error, boolean unknownOutcome, long retryAt) {
        lastError = error;
        outcomeUnknown |= unknownOutcome;
        retryAtNanos = retryAt;
    }

    KafkaException lastError() {
        return lastError;
    }

    /**
     * Whether an attempt may have been written although it failed (timeout, lost connection): after
     * such a batch gives up, its sequence numbers cannot be reused safely.
     */
    boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    boolean isDone() {
        return done;
    }

    /** Every message was written. */
    void succeed() {
        for (int i = 0; i < recordCount; i++) {
            writes[i].written(indexes[i]);
        }
        finish();
    }

    /** Every message failed for good with {@code error}. */
    void fail(KafkaException error) {
        for (int i = 0; i < recordCount; i++) {
            writes[i].failed(indexes[i], error);
        }
        finish();
    }

    private void finish() {
        Arrays.fill(writes, 0, recordCount, null);
        done = true;
    }

    @Override
    public String toString() {
        return "ProducerBatch[" + partition + ", records=" + recordCount + ", baseSequence=" + baseSequence
                + ", attempts=" + attempts + "]";
    }
}
