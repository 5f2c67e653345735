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
        CompressionCodec codec = batch.compression();
        byte[] array;
        int from;
        int to;
        if (source.hasArray()) {
            array = source.array();
            from = source.arrayOffset() + start + RecordBatches.HEADER_SIZE;
            to = source.arrayOffset() + batchEnd;
        } else {
            array = copyOut(start + RecordBatches.HEADER_SIZE, batchEnd);
            from = 0;
            to = batchEnd - start - RecordBatches.HEADER_SIZE;
        }
        if (codec.compresses() && batch.recordCount() > 0) {
            inflate(codec, array, from, to);
            batch.setRecords(inflated.array(), 0, inflated.size());
        } else {
            batch.setRecords(array, from, to);
        }
        position = batchEnd;
        return batch;
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
