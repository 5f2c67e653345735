package io.kafkago.internal.conn;

import io.kafkago.KafkaException;
import io.kafkago.Message;
import io.kafkago.internal.AbortedTransactionFilter;
import io.kafkago.internal.FetchedMessages;
import io.kafkago.protocol.record.ControlRecordType;
import io.kafkago.protocol.record.RecordBatchReader;
import io.kafkago.protocol.record.RecordBatchView;
import io.kafkago.protocol.record.RecordView;
import java.nio.ByteBuffer;

/**
 * Walks the records of one fetch in offset order, from a start offset on: skips control batches, records before the
 * start (a fetch returns whole batches), compacted gaps and, given a filter, the batches of aborted transactions, so
 * {@link #nextOffset()} is always where the next read starts. Not thread-safe.
 */
public final class RecordCursor {

    private final RecordBatchReader reader;
    private final AbortedTransactionFilter abortedTransactions;
    private RecordBatchView currentBatch;
    private RecordView current;
    private long nextOffset;
    private boolean exhausted;

    /**
     * @param abortedTransactions the transactions the fetch response listed as aborted (their batches are skipped), or
     *     null to read every data batch (READ_UNCOMMITTED)
     */
    public RecordCursor(ByteBuffer records, long startOffset, AbortedTransactionFilter abortedTransactions) {
        this.reader = new RecordBatchReader().reset(records);
        this.nextOffset = startOffset;
        this.abortedTransactions = abortedTransactions;
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
                currentBatch = exhausted ? null : reader.nextBatchHeader();
                if (currentBatch == null) {
                    exhausted = true;
                    return false;
                }
                if (currentBatch.isControl()) {
                    noteControlBatch();
                    skipBatch();
                    continue;
                }
                if (currentBatch.nextOffset() <= nextOffset || isAborted(currentBatch)) {
                    skipBatch(); // without decompressing it
                    continue;
                }
                reader.readRecords();
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

    private boolean isAborted(RecordBatchView batch) {
        return abortedTransactions != null
                && abortedTransactions.skipsDataBatch(batch.lastOffset(), batch.producerId(), batch.isTransactional());
    }

    /** An ABORT marker ends its producer's aborted transaction: the filter reads the producer's batches again. */
    private void noteControlBatch() {
        if (abortedTransactions != null) {
            reader.readRecords();
            RecordView marker = currentBatch.nextRecord();
            abortedTransactions.controlBatch(currentBatch.lastOffset(), currentBatch.producerId(),
                    marker != null && marker.controlType() == ControlRecordType.ABORT);
        }
    }

    private void skipBatch() {
        nextOffset = Math.max(nextOffset, currentBatch.nextOffset());
        currentBatch = null;
    }
}
