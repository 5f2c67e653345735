package io.kafkago.protocol.record;

import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Iterates the record batches in a buffer as a Fetch response returns them: zero or more batches,
 * possibly ending with a truncated one, which ends the iteration quietly. Each batch's CRC is
 * checked and compressed records are inflated into a buffer the reader reuses, bounded by
 * {@code maxDecompressedBytes} so a compression bomb fails instead of exhausting memory.
 * Uncompressed records in a heap buffer are read in place (zero copy); other buffers are copied
 * once per batch into a reused array. Typical use:
 *
 * <pre>{@code
 * reader.reset(fetchedRecords);
 * for (RecordBatchView batch; (batch = reader.nextBatch()) != null; ) {
 *     for (RecordView record; (record = batch.nextRecord()) != null; ) {
 *         if (record.offset() >= wanted) { ... record.key(), record.value() ... }
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe; the views it returns are reused. The source buffer is never modified.
 */
public final class RecordBatchReader {

    /** Default bound on one batch's decompressed records: 64 MiB. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private final int maxDecompressedBytes;
    private final RecordBatchView batch = new RecordBatchView();
    private final CRC32C crc = new CRC32C();
    private final BatchDecompressor[] decompressors = new BatchDecompressor[5];
    private ByteArrayOutput inflated;
    /** Batch bytes copied out of a buffer without an accessible array (direct or read-only). */
    private ByteArrayOutput copied;
    private ByteBuffer source = ByteBuffer.allocate(0);
    private int position;
    private int end;
    /** Where the records of the batch {@link #nextBatchHeader()} returned lie, until {@link #readRecords()}. */
    private byte[] pendingArray;
    private int pendingFrom;
    private int pendingTo;

    /** A reader bounding decompressed batches by {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    public RecordBatchReader() {
        this(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** A reader that rejects batches whose records decompress to more than {@code maxDecompressedBytes}. */
    public RecordBatchReader(int maxDecompressedBytes) {
        if (maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive, got " + maxDecompressedBytes);
        }
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /** Starts reading the batches in {@code records[position, limit)}; the buffer is not modified. */
    public RecordBatchReader reset(ByteBuffer records) {
        source = records;
        position = records.position();
        end = records.limit();
        return this;
    }

    /**
     * The next complete batch, or null when the buffer holds no further complete batch.
     *
     * @throws UnsupportedRecordFormatException when a batch is not record batch v2
     * @throws KafkaProtocolException           when a batch is corrupt (bad length, CRC, compression)
     */
    public RecordBatchView nextBatch() {
        RecordBatchView header = nextBatchHeader();
        if (header != null) {
            readRecords();
        }
        return header;
    }

    /**
     * The next complete batch with its checksum verified but its records not yet readable: {@link #readRecords()}
     * makes them so. The two steps tell a batch whose bytes are damaged (this method fails, so not even its header can
     * be trusted) from a checksum-valid batch whose contents cannot be decoded ({@code readRecords} or
     * {@link RecordBatchView#nextRecord()} fails, the header is what its producer wrote), and let a caller that drops
     * a batch skip its decompression.
     *
     * @return the batch, or null when the buffer holds no further complete batch
     * @throws UnsupportedRecordFormatException when a batch is not record batch v2
     * @throws KafkaProtocolException           when a batch's length or CRC is wrong
     */
    public RecordBatchView nextBatchHeader() {
        pendingArray = null;
        int remaining = end - position;
        if (remaining < RecordBatches.LOG_OVERHEAD) {
            return null;
        }
        if (remaining > RecordBatches.MAGIC_OFFSET) {
            byte magic = source.get(position + RecordBatches.MAGIC_OFFSET);
            if (magic != RecordBatches.MAGIC) {
                throw new UnsupportedRecordFormatException(magic, source.getLong(position));
            }
        }
        int batchLength = source.getInt(position + RecordBatches.BATCH_LENGTH);
        if (batchLength < RecordBatches.HEADER_SIZE - RecordBatches.LOG_OVERHEAD) {
            throw new KafkaProtocolException("record batch at offset " + source.getLong(position)
                + " declares length " + batchLength + ", less than its header");
        }
        if (batchLength > remaining - RecordBatches.LOG_OVERHEAD) {
            return null; // truncated by the fetch size limit: not an error
        }
        int start = position;
        int batchEnd = start + RecordBatches.LOG_OVERHEAD + batchLength;
        batch.readHeader(source, start);
        long computed = RecordBatches.crc(source, start + RecordBatches.ATTRIBUTES, batchEnd, crc);
        if (computed != batch.checksum()) {
            throw new KafkaProtocolException("record batch at offset " + batch.baseOffset() + " is corrupt: CRC32C "
                + Long.toHexString(computed) + " does not match the stored " + Long.toHexString(batch.checksum()));
        }
        if (source.hasArray()) {
            pendingArray = source.array();
            pendingFrom = source.arrayOffset() + start + RecordBatches.HEADER_SIZE;
            pendingTo = source.arrayOffset() + batchEnd;
        } else {
            pendingArray = copyOut(start + RecordBatches.HEADER_SIZE, batchEnd);
            pendingFrom = 0;
            pendingTo = batchEnd - start - RecordBatches.HEADER_SIZE;
        }
        position = batchEnd;
        return batch;
    }

    /**
     * Makes the records of the batch {@link #nextBatchHeader()} just returned readable, decompressing them if needed.
     *
     * @throws KafkaProtocolException when the compressed data is malformed or decompresses past the configured bound
     * @throws IllegalStateException  when no batch header is pending
     */
    public void readRecords() {
        if (pendingArray == null) {
            throw new IllegalStateException("no batch header pending: call nextBatchHeader() first");
        }
        byte[] array = pendingArray;
        pendingArray = null;
        CompressionCodec codec = batch.compression();
        if (codec.compresses() && batch.recordCount() > 0) {
            inflate(codec, array, pendingFrom, pendingTo);
            batch.setRecords(inflated.array(), 0, inflated.size());
        } else {
            batch.setRecords(array, pendingFrom, pendingTo);
        }
    }

    /** Bytes not yet consumed: after {@link #nextBatch()} returned null, a truncated trailing batch. */
    public int remaining() {
        return end - position;
    }

    private byte[] copyOut(int from, int to) {
        if (copied == null) {
            copied = new ByteArrayOutput(to - from);
        }
        copied.clear();
        copied.ensureRoom(to - from);
        source.get(from, copied.array(), 0, to - from);
        return copied.array();
    }

    private void inflate(CompressionCodec codec, byte[] array, int from, int to) {
        if (inflated == null) {
            inflated = new ByteArrayOutput(Math.min(maxDecompressedBytes, Math.max(1024, 4 * (to - from))));
        }
        inflated.clear();
        try {
            decompressor(codec).decompress(array, from, to - from, inflated, maxDecompressedBytes);
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KafkaProtocolException("record batch at offset " + batch.baseOffset() + " has corrupt "
                + codec.name() + " data: " + e, e);
        }
    }

    private BatchDecompressor decompressor(CompressionCodec codec) {
        BatchDecompressor decompressor = decompressors[codec.id()];
        if (decompressor == null) {
            decompressor = codec.newDecompressor();
            decompressors[codec.id()] = decompressor;
        }
        return decompressor;
    }
}
