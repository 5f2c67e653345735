package io.kafkago.internal.conn;

import io.kafkago.KafkaException;
import io.kafkago.Message;
import io.kafkago.internal.FetchedMessages;
import io.kafkago.protocol.record.RecordBatchReader;
import io.kafkago.protocol.record.RecordBatchView;
import io.kafkago.protocol.record.RecordView;
import java.nio.ByteBuffer;

/**
 * Walks the records of one fetch in offset order, from a start offset on: skips control batches, records before the
 * start (a fetch returns whole batches) and compacted gaps, so {@link #nextOffset()} is always where the next read
 * starts. Not thread-safe.
 */
public final class RecordCursor {

    private final RecordBatchReader reader;
    private RecordBatchView currentBatch;
    private RecordView current;
    private long nextOffset;
    private boolean exhausted;

    public RecordCursor(ByteBuffer records, long startOffset) {
        this.reader = new RecordBatchReader().reset(records);
        this.nextOffset = startOffset;
    }

    /**
     * Positions on the next record, if it is not already there.
     *
     * @return false when no record is left
     * @throws KafkaException when a record batch is corrupt
     */
    public boolean hasRecord() {
        while (current == null) {
            if (currentBatch == null) {
                currentBatch = exhausted ? null : reader.nextBatch();
                if (currentBatch == null) {
                    exhausted = true;
                    return false;
                }
                if (currentBatch.isControl() || currentBatch.nextOffset() <= nextOffset) {
                    skipBatch();
                    continue;
                }
            }
            RecordView record = currentBatch.nextRecord();
            if (record == null) {
                skipBatch();
            } else if (record.offset() >= nextOffset) {
                current = record;
            }
        }
        return true;
    }

    /** The current record's offset; call after {@link #hasRecord()} returned true. */
    public long offset() {
        return current.offset();
    }

    /** The current record's value length (0 for a null value). */
    public int valueLength() {
        return Math.max(0, current.valueLength());
    }

    /** Copies the current record's value into the start of {@code buffer}, which holds {@link #valueLength()}. */
    public void copyValue(byte[] buffer) {
        current.readValue(0, buffer, 0, valueLength());
    }

    /** The current record as a message of {@code topic}-{@code partition}. */
    public Message message(String topic, int partition, long highWaterMark) {
        return FetchedMessages.of(topic, partition, highWaterMark, current);
    }

    /** Moves past the current record. */
    public void consume() {
        nextOffset = current.offset() + 1;
        current = null;
    }

    /** The offset after the last record consumed or skipped: where the next read starts. */
    public long nextOffset() {
        return nextOffset;
    }

    private void skipBatch() {
        nextOffset = Math.max(nextOffset, currentBatch.nextOffset());
        currentBatch = null;
    }
}
