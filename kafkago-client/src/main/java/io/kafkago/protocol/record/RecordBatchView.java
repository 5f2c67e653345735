package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;
import java.nio.ByteBuffer;

/**
 * The current batch of a {@link RecordBatchReader}: its header fields and an iterator over its
 * records ({@link #nextRecord()}). The CRC has been verified and compressed records inflated before
 * the view is handed out. The view is reused for the next batch and valid only until then.
 */
public final class RecordBatchView {

    private final RecordView record = new RecordView();
    private final ByteArrayCursor records = new ByteArrayCursor();
    private int recordsRead;
    /** Whether the records of the current batch are readable ({@link RecordBatchReader#readRecords()} ran). */
    private boolean recordsLoaded;

    private long baseOffset;
    private int sizeInBytes;
    private int partitionLeaderEpoch;
    private byte magic;
    private int crc;
    private int attributes;
    private int lastOffsetDelta;
    private long baseTimestamp;
    private long maxTimestamp;
    private long producerId;
    private short producerEpoch;
    private int baseSequence;
    private int recordCount;

    RecordBatchView() {
    }

    /** Loads the header of the batch at {@code start} of {@code batch}; records come later. */
    void readHeader(ByteBuffer batch, int start) {
        baseOffset = batch.getLong(start + RecordBatches.BASE_OFFSET);
        sizeInBytes = RecordBatches.LOG_OVERHEAD + batch.getInt(start + RecordBatches.BATCH_LENGTH);
        partitionLeaderEpoch = batch.getInt(start + RecordBatches.PARTITION_LEADER_EPOCH);
        magic = batch.get(start + RecordBatches.MAGIC_OFFSET);
        crc = batch.getInt(start + RecordBatches.CRC);
        attributes = batch.getShort(start + RecordBatches.ATTRIBUTES) & 0xffff;
        lastOffsetDelta = batch.getInt(start + RecordBatches.LAST_OFFSET_DELTA);
        baseTimestamp = batch.getLong(start + RecordBatches.BASE_TIMESTAMP);
        maxTimestamp = batch.getLong(start + RecordBatches.MAX_TIMESTAMP);
        producerId = batch.getLong(start + RecordBatches.PRODUCER_ID);
        producerEpoch = batch.getShort(start + RecordBatches.PRODUCER_EPOCH);
        baseSequence = batch.getInt(start + RecordBatches.BASE_SEQUENCE);
        recordCount = batch.getInt(start + RecordBatches.RECORD_COUNT);
        recordsLoaded = false;
        if (recordCount < 0) {
            throw new KafkaProtocolException("record batch at offset " + baseOffset + " has a negative record count "
                + recordCount);
        }
    }

    /** Points the record iterator at {@code array[from, to)}, which holds the (inflated) records. */
    void setRecords(byte[] array, int from, int to) {
        records.reset(array, from, to);
        record.setArray(array);
        recordsRead = 0;
        recordsLoaded = true;
    }

    /**
     * Decodes the next record, or returns null after the last one.
     *
     * @throws KafkaProtocolException when a record does not fit the batch, or the batch holds more or
     *                                fewer records than its header says
     * @throws IllegalStateException  when the batch came from {@link RecordBatchReader#nextBatchHeader()} and its
     *                                records were not read yet
     */
    public RecordView nextRecord() {
        if (!recordsLoaded) {
            throw new IllegalStateException("records not read yet: call RecordBatchReader.readRecords() first");
        }
        if (recordsRead == recordCount || records.remaining() == 0) {
            return endOfRecords();
        }
        record.readFrom(records, baseOffset, baseTimestamp, isLogAppendTime(), maxTimestamp);
        recordsRead++;
        return record;
    }

    private RecordView endOfRecords() {
        if (recordsRead < recordCount) {
            throw new KafkaProtocolException("record batch at offset " + baseOffset + " ends after " + recordsRead
                + " of its " + recordCount + " records");
        }
        if (records.remaining() != 0) {
            throw new KafkaProtocolException("record batch at offset " + baseOffset + " has "
                + records.remaining() + " bytes after its " + recordCount + " records");
        }
        return null;
    }

    /** Offset of the first record. */
    public long baseOffset() {
        return baseOffset;
    }

    /** Offset of the last record (also when compaction removed it). */
    public long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    /** The offset after this batch: where to fetch next. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** Size of the whole batch on the wire, header included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Leader epoch the broker stamped, or -1. */
    public int partitionLeaderEpoch() {
        return partitionLeaderEpoch;
    }

    /** Record format version; always 2 for a batch handed out. */
    public byte magic() {
        return magic;
    }

    /** The stored CRC32C, as an unsigned value. */
    public long checksum() {
        return crc & 0xffffffffL;
    }

    /** Raw attributes bits. */
    public int attributes() {
        return attributes;
    }

    /** Compression codec of the records. */
    public CompressionCodec compression() {
        return CompressionCodec.forId(attributes & RecordBatches.COMPRESSION_MASK);
    }

    /** Whether timestamps are the broker's log-append time (every record then has {@link #maxTimestamp()}). */
    public boolean isLogAppendTime() {
        return (attributes & RecordBatches.TIMESTAMP_TYPE_BIT) != 0;
    }

    /** Whether the batch belongs to a transaction. */
    public boolean isTransactional() {
        return (attributes & RecordBatches.TRANSACTIONAL_BIT) != 0;
    }

    /** Whether this is a control batch (transaction markers), whose records are not user data. */
    public boolean isControl() {
        return (attributes & RecordBatches.CONTROL_BIT) != 0;
    }

    /** First record's timestamp (or the delete horizon after compaction). */
    public long baseTimestamp() {
        return baseTimestamp;
    }

    /** Largest timestamp in the batch, or the log-append time. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    /** Producer id, or -1. */
    public long producerId() {
        return producerId;
    }

    /** Producer epoch, or -1. */
    public short producerEpoch() {
        return producerEpoch;
    }

    /** Sequence number of the first record, or -1. */
    public int baseSequence() {
        return baseSequence;
    }

    /** Number of records the header declares. */
    public int recordCount() {
        return recordCount;
    }

    @Override
    public String toString() {
        return "RecordBatchView[baseOffset=" + baseOffset + ", lastOffset=" + lastOffset() + ", records="
            + recordCount + ", size=" + sizeInBytes + ", attributes=0x" + Integer.toHexString(attributes) + "]";
    }
}
