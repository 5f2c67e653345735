package io.kafkago.protocol.record;

import static io.kafkago.protocol.record.RecordBatches.HEADER_SIZE;

import io.kafkago.Header;
import io.kafkago.protocol.Utf8;
import io.kafkago.protocol.Varints;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes records into one record batch v2: the producer's hot path. Records are encoded as they
 * are appended into a buffer that is reused from batch to batch; {@link #build} then compresses (if
 * asked), fills in the header and CRC, and hands out the finished batch. Typical use:
 *
 * <pre>{@code
 * builder.reset(CompressionCodec.forId(CompressionCodec.LZ4));
 * for (...) { builder.append(timestampMillis, key, value, headers); }
 * ByteBuffer batch = builder.build(producerId, epoch, baseSequence, false);
 * }</pre>
 *
 * The batch has base offset 0 and partition leader epoch -1 (the broker assigns both) and
 * create-time timestamps. {@link #sizeInBytes()} is the uncompressed size so far, which is what
 * batch-size limits count. Not thread-safe; reuse one builder per thread.
 */
public final class RecordBatchBuilder {

    /** Initial capacity of the reusable encoding buffer; it grows to the largest batch built. */
    public static final int DEFAULT_INITIAL_CAPACITY = 16 * 1024;

    private static final CompressionCodec NO_COMPRESSION = CompressionCodec.forId(CompressionCodec.NONE);

    /** Header space followed by the uncompressed records. */
    private final ByteArrayOutput records;
    private final CRC32C crc = new CRC32C();
    private final BatchCompressor[] compressors = new BatchCompressor[5];
    /** Header space followed by the compressed records; created on first compressed batch. */
    private ByteArrayOutput compressed;
    private CompressionCodec codec = NO_COMPRESSION;
    /** UTF-8 lengths of the header keys of the record being appended: measured once, used twice. */
    private int[] headerKeyLengths = new int[8];
    private int recordCount;
    private long baseTimestamp;
    private long maxTimestamp;

    /** A builder with {@link #DEFAULT_INITIAL_CAPACITY}, ready for an uncompressed batch. */
    public RecordBatchBuilder() {
        this(DEFAULT_INITIAL_CAPACITY);
    }

    /** A builder whose buffer starts at {@code initialCapacity} bytes, ready for an uncompressed batch. */
    public RecordBatchBuilder(int initialCapacity) {
        records = new ByteArrayOutput(Math.max(HEADER_SIZE, initialCapacity));
        reset(NO_COMPRESSION);
    }

    /** Drops the appended records and starts a new batch with {@code compression}. */
    public RecordBatchBuilder reset(CompressionCodec compression) {
        codec = compression;
        records.clear();
        records.ensureRoom(HEADER_SIZE);
        records.setSize(HEADER_SIZE);
        recordCount = 0;
        return this;
    }

    /** Appends a record without headers; see {@link #append(long, byte[], byte[], List)}. */
    public int append(long timestampMillis, byte[] key, byte[] value) {
        return append(timestampMillis, key, value, List.of());
    }

    /**
     * Appends one record. Arrays are copied into the batch at once, so the caller may reuse them.
     *
     * @param timestampMillis create time, milliseconds since the epoch
     * @param key             key, or null
     * @param value           value, or null
     * @param headers         headers (keys UTF-8 encoded; values may be null); null means none
     * @return the bytes the record added to {@link #sizeInBytes()}
     */
    public int append(long timestampMillis, byte[] key, byte[] value, List<Header> headers) {
        if (recordCount == 0) {
            baseTimestamp = timestampMillis;
            maxTimestamp = timestampMillis;
        }
        int headerCount = headers == null ? 0 : headers.size();
        long timestampDelta = timestampMillis - baseTimestamp;
        int keyLength = key == null ? -1 : key.length;
        int valueLength = value == null ? -1 : value.length;
        long bodySize = 1L + Varints.sizeOfVarlong(timestampDelta) + Varints.sizeOfVarint(recordCount)
            + Varints.sizeOfVarint(keyLength) + Math.max(keyLength, 0)
            + Varints.sizeOfVarint(valueLength) + Math.max(valueLength, 0)
            + Varints.sizeOfVarint(headerCount);
        if (headerCount > headerKeyLengths.length) {
            headerKeyLengths = new int[Math.max(headerCount, headerKeyLengths.length * 2)];
        }
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            int headerKeyLength = Utf8.encodedLength(header.key());
            headerKeyLengths[i] = headerKeyLength;
            byte[] headerValue = header.value();
            int headerValueLength = headerValue == null ? -1 : headerValue.length;
            bodySize += Varints.sizeOfVarint(headerKeyLength) + headerKeyLength
                + Varints.sizeOfVarint(headerValueLength) + Math.max(headerValueLength, 0);
        }
        if (bodySize > Integer.MAX_VALUE - Varints.MAX_VARINT_BYTES) {
            throw new IllegalArgumentException("record of " + bodySize + " bytes is too large for a batch");
        }
        int recordSize = Varints.sizeOfVarint((int) bodySize) + (int) bodySize;
        records.ensureRoom(recordSize);
        byte[] array = records.array();
        int at = Varints.writeVarint(array, records.size(), (int) bodySize);
        array[at++] = 0; // record attributes: unused
        at = Varints.writeVarlong(array, at, timestampDelta);
        at = Varints.writeVarint(array, at, recordCount);
        at = writeBytes(array, at, key, keyLength);
        at = writeBytes(array, at, value, valueLength);
        at = Varints.writeVarint(array, at, headerCount);
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            at = Varints.writeVarint(array, at, headerKeyLengths[i]);
            at = Utf8.encode(header.key(), array, at);
            byte[] headerValue = header.value();
            at = writeBytes(array, at, headerValue, headerValue == null ? -1 : headerValue.length);
        }
        records.setSize(at);
        recordCount++;
        maxTimestamp = Math.max(maxTimestamp, timestampMillis);
        return recordSize;
    }

    private static int writeBytes(byte[] array, int at, byte[] bytes, int length) {
        at = Varints.writeVarint(array, at, length);
        if (length > 0) {
            System.arraycopy(bytes, 0, array, at, length);
            at += length;
        }
        return at;
    }

    /**
     * The most bytes a record with these fields can add to {@link #sizeInBytes()}, whatever its
     * position and timestamp: lets a writer decide whether a record still fits a batch-size limit
     * before appending it.
     */
    public static int maxRecordSize(byte[] key, byte[] value, List<Header> headers) {
        long size = Varints.MAX_VARINT_BYTES + 1L + Varints.MAX_VARLONG_BYTES + Varints.MAX_VARINT_BYTES
            + Varints.MAX_VARINT_BYTES + (key == null ? 0 : key.length)
            + Varints.MAX_VARINT_BYTES + (value == null ? 0 : value.length) + Varints.MAX_VARINT_BYTES;
        int headerCount = headers == null ? 0 : headers.size();
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            size += 2L * Varints.MAX_VARINT_BYTES + Utf8.encodedLength(header.key())
                + (header.value() == null ? 0 : header.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Records appended since the last {@link #reset}. */
    public int recordCount() {
        return recordCount;
    }

    /** Whether no record was appended since the last {@link #reset}. */
    public boolean isEmpty() {
        return recordCount == 0;
    }

    /** Header plus uncompressed records: the batch size before compression. */
    public int sizeInBytes() {
        return records.size();
    }

    /** The codec the current batch will be compressed with. */
    public CompressionCodec compression() {
        return codec;
    }

    /** Builds the batch without a producer id (no idempotence); see {@link #build(long, short, int, boolean)}. */
    public ByteBuffer build() {
        return build(RecordBatches.NO_PRODUCER_ID, RecordBatches.NO_PRODUCER_EPOCH, RecordBatches.NO_SEQUENCE, false);
    }

    /**
     * Seals the batch into a new buffer of exactly its size (position 0, limit = size), ready for a
     * Produce request's {@code records} field. The appended records stay in the builder until
     * {@link #reset}, so building twice gives equal batches.
     *
     * @throws IllegalStateException when no record was appended
     */
    public ByteBuffer build(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        ByteArrayOutput batch = seal(producerId, producerEpoch, baseSequence, transactional);
        byte[] copy = new byte[batch.size()];
        System.arraycopy(batch.array(), 0, copy, 0, copy.length);
        return ByteBuffer.wrap(copy);
    }

    /**
     * Seals the batch into {@code target} at its position, advancing it: the allocation-free variant
     * of {@link #build(long, short, int, boolean)} for callers that reuse their own buffer.
     *
     * @return the batch size in bytes
     * @throws java.nio.BufferOverflowException when {@code target} has less room than the batch
     */
    public int writeTo(ByteBuffer target, long producerId, short producerEpoch, int baseSequence,
                       boolean transactional) {
        ByteArrayOutput batch = seal(producerId, producerEpoch, baseSequence, transactional);
        target.put(batch.array(), 0, batch.size());
        return batch.size();
    }

    private ByteArrayOutput seal(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        if (recordCount == 0) {
            throw new IllegalStateException("no record appended: a record batch needs at least one record");
        }
        ByteArrayOutput batch = records;
        if (codec.compresses()) {
            if (compressed == null) {
                compressed = new ByteArrayOutput(records.size());
            }
            compressed.clear();
            compressed.ensureRoom(HEADER_SIZE);
            compressed.setSize(HEADER_SIZE);
            compressor().compress(records.array(), HEADER_SIZE, records.size() - HEADER_SIZE, compressed);
            batch = compressed;
        }
        byte[] array = batch.array();
        int attributes = codec.id() | (transactional ? RecordBatches.TRANSACTIONAL_BIT : 0);
        BigEndian.writeLong(array, RecordBatches.BASE_OFFSET, 0L);
        BigEndian.writeInt(array, RecordBatches.BATCH_LENGTH, batch.size() - RecordBatches.LOG_OVERHEAD);
        BigEndian.writeInt(array, RecordBatches.PARTITION_LEADER_EPOCH, RecordBatches.NO_PARTITION_LEADER_EPOCH);
        array[RecordBatches.MAGIC_OFFSET] = RecordBatches.MAGIC;
        BigEndian.writeShort(array, RecordBatches.ATTRIBUTES, (short) attributes);
        BigEndian.writeInt(array, RecordBatches.LAST_OFFSET_DELTA, recordCount - 1);
        BigEndian.writeLong(array, RecordBatches.BASE_TIMESTAMP, baseTimestamp);
        BigEndian.writeLong(array, RecordBatches.MAX_TIMESTAMP, maxTimestamp);
        BigEndian.writeLong(array, RecordBatches.PRODUCER_ID, producerId);
        BigEndian.writeShort(array, RecordBatches.PRODUCER_EPOCH, producerEpoch);
        BigEndian.writeInt(array, RecordBatches.BASE_SEQUENCE, baseSequence);
        BigEndian.writeInt(array, RecordBatches.RECORD_COUNT, recordCount);
        crc.reset();
        crc.update(array, RecordBatches.ATTRIBUTES, batch.size() - RecordBatches.ATTRIBUTES);
        BigEndian.writeInt(array, RecordBatches.CRC, (int) crc.getValue());
        return batch;
    }

    private BatchCompressor compressor() {
        BatchCompressor compressor = compressors[codec.id()];
        if (compressor == null) {
            compressor = codec.newCompressor();
            compressors[codec.id()] = compressor;
        }
        return compressor;
    }
}
