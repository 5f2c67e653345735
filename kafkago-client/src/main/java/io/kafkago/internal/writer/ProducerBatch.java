package io.kafkago.internal.writer;

import io.kafkago.Header;
import io.kafkago.KafkaException;
import io.kafkago.Message;
import io.kafkago.protocol.record.RecordBatchBuilder;
import io.kafkago.protocol.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records bound for one partition that travel together in one Produce request, with the write calls
 * they came from (so each message's outcome reaches its call) and the state of their delivery:
 * attempts, the idempotent base sequence and when a retry may go out.
 *
 * <p>Writer threads fill a batch under the accumulator's lock, encoding each record at once into a
 * reusable {@link RecordBatchBuilder}; once sealed it belongs to the sender thread alone, which seals
 * the records into a pooled buffer on the first attempt (header, compression, CRC) and only rewrites
 * the producer fields when the batch is renumbered under a new epoch (only done before it could have been
 * written: see {@link PartitionQueue}).
 */
final class ProducerBatch {

    /** Most owner slots allocated up front; more are added as records arrive. */
    private static final int MAX_INITIAL_CAPACITY = 1024;

    private final PartitionQueue partition;
    private final long createdNanos;
    private RecordBatchBuilder builder;
    private ByteBuffer encoded;
    private long stampedProducerId;
    private short stampedEpoch;
    private int stampedSequence;
    private long ordinal = -1;
    private PendingWrite[] writes;
    private int[] indexes;
    private int recordCount;
    private long recordBytes;
    private long reservedBytes;

    private long producerId = -1;
    private short epoch = -1;
    private int baseSequence = -1;
    private int attempts;
    private long retryAtNanos;
    private boolean mayHaveBeenWritten;
    private KafkaException lastError;
    private volatile boolean done;

    /**
     * @param expectedRecords how many records the batch will likely hold (sizes the owner arrays once)
     */
    ProducerBatch(PartitionQueue partition, RecordBatchBuilder builder, int expectedRecords, long createdNanos) {
        this.partition = partition;
        this.builder = builder;
        this.createdNanos = createdNanos;
        this.retryAtNanos = createdNanos; // due at once (nanoTime values may be negative, so not 0)
        int capacity = Math.max(1, Math.min(expectedRecords, MAX_INITIAL_CAPACITY));
        this.writes = new PendingWrite[capacity];
        this.indexes = new int[capacity];
    }

    /**
     * Encodes one record if it fits the limits, else leaves the batch unchanged.
     *
     * @param maxRecordSize the record's worst-case encoded size ({@link RecordBatchBuilder#maxRecordSize})
     * @return whether the record was added
     */
    boolean tryAppend(long timestampMillis, byte[] key, byte[] value, List<Header> headers, int maxRecordSize,
                      int batchBytes, int batchSize) {
        if (recordCount > 0 && (recordCount >= batchSize || builder.sizeInBytes() + maxRecordSize > batchBytes)) {
            return false;
        }
        builder.append(timestampMillis, key, value, headers);
        return true;
    }

    /** Whether another record could not be added because the count limit is reached. */
    boolean isFull(int batchSize) {
        return recordCount >= batchSize;
    }

    /** Bytes the batch takes in a request: encoded size once sealed, else the uncompressed size so far. */
    int sizeInBytes() {
        return encoded != null ? encoded.remaining() : builder.sizeInBytes();
    }

    /**
     * The encoded batch stamped with its producer id, epoch and base sequence (-1 each without idempotence),
     * ready for a Produce request (a fresh view: reading it does not disturb the batch). The first call seals
     * the records into a buffer from {@code buffers} and hands the builder back through {@code builders}.
     *
     * @param transactional whether the batch belongs to a transaction (the batch attribute read_committed readers
     *     look at)
     */
    ByteBuffer encode(BufferPool buffers, BuilderPool builders, boolean transactional) {
        if (encoded == null) {
            int size = builder.sizeInBytes();
            // Compression may expand incompressible data a little (snappy at worst by a sixth plus 32 bytes).
            ByteBuffer target = buffers.take(builder.compression().compresses() ? size + size / 6 + 64 : size);
            builder.writeTo(target, producerId, epoch, baseSequence, transactional);
            target.flip();
            encoded = target;
            builders.give(builder);
            builder = null;
        } else if (producerId != stampedProducerId || epoch != stampedEpoch || baseSequence != stampedSequence) {
            RecordBatches.restamp(encoded, producerId, epoch, baseSequence, transactional);
        }
        stampedProducerId = producerId;
        stampedEpoch = epoch;
        stampedSequence = baseSequence;
        return encoded.duplicate();
    }

    /** Returns the batch's buffers to their pools; called once the batch is done. */
    void releaseBuffers(BufferPool buffers, BuilderPool builders) {
        if (encoded != null) {
            buffers.give(encoded);
            encoded = null;
        }
        if (builder != null) {
            builders.give(builder);
            builder = null;
        }
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

    /** Whether the batch carries a producer id, epoch and sequence (idempotent writers, from its first attempt). */
    boolean hasSequence() {
        return baseSequence >= 0;
    }

    /** Numbers the batch; it keeps these numbers for every attempt unless renumbered before it could be written. */
    void assignSequence(long producerId, short epoch, int baseSequence) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.baseSequence = baseSequence;
    }

    /** Drops the numbers of a batch that was certainly never written, so it is numbered again when next sent. */
    void clearSequence() {
        if (mayHaveBeenWritten) {
            throw new IllegalStateException(this + " may have been written: its numbers cannot change");
        }
        producerId = -1;
        epoch = -1;
        baseSequence = -1;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
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

    /**
     * An attempt failed with {@code error}.
     *
     * @param mayHaveBeenWritten whether that attempt may have reached the log anyway
     */
    void failedAttempt(KafkaException error, boolean mayHaveBeenWritten) {
        this.mayHaveBeenWritten |= mayHaveBeenWritten;
        lastError = error;
    }

    /** The next attempt may go out at {@code retryAt} ({@link System#nanoTime()} based). */
    void retryAt(long retryAt) {
        retryAtNanos = retryAt;
    }

    /**
     * Whether any attempt may have been written although it failed (timeout, lost connection, unreadable
     * answer): such a batch keeps its numbers, and fails as "may have been written" if it gives up.
     */
    boolean mayHaveBeenWritten() {
        return mayHaveBeenWritten;
    }

    /** Why the last attempt failed, or null when none did. */
    KafkaException lastError() {
        return lastError;
    }

    boolean isDone() {
        return done;
    }

    /**
     * The batch's messages as written: with topic, partition and, when {@code baseOffset} is known (not
     * -1), offset. For completion callbacks; call before {@link #succeed()} or {@link #fail}.
     */
    List<Message> writtenMessages(long baseOffset) {
        List<Message> messages = new ArrayList<>(recordCount);
        for (int i = 0; i < recordCount; i++) {
            Message message = writes[i].message(indexes[i]);
            messages.add(new Message(partition.topic, partition.partition, baseOffset < 0 ? Message.UNSET : baseOffset + i,
                    Message.UNSET, message.key(), message.value(), message.headers(), message.time()));
        }
        return messages;
    }

    /** Every message was written. Does nothing if the batch is done already. */
    void succeed() {
        if (done) {
            return;
        }
        for (int i = 0; i < recordCount; i++) {
            writes[i].written(indexes[i]);
        }
        finish();
    }

    /**
     * Every message failed for good with {@code error}. Does nothing if the batch is done already.
     *
     * @param mayBeInLog whether the messages may be in the topic anyway (see {@link #mayHaveBeenWritten()}; also
     *                   when the batch gives up with an attempt still unanswered)
     */
    void fail(KafkaException error, boolean mayBeInLog) {
        if (done) {
            return;
        }
        for (int i = 0; i < recordCount; i++) {
            writes[i].failed(indexes[i], error, mayBeInLog);
        }
        finish();
    }

    private void finish() {
        done = true;
    }

    @Override
    public String toString() {
        return "ProducerBatch[" + partition + ", records=" + recordCount + ", baseSequence=" + baseSequence
                + ", attempts=" + attempts + "]";
    }
}
