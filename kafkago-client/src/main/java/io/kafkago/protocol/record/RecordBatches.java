package io.kafkago.protocol.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Layout of a record batch v2 (magic 2) and the one operation that edits an encoded batch in place:
 * re-stamping its producer fields for an idempotent retry. Offsets are from the start of the batch.
 */
public final class RecordBatches {

    /** The only record format this client reads and writes. */
    public static final byte MAGIC = 2;
    /** Bytes before the first record: the batch header. */
    public static final int HEADER_SIZE = 61;
    /** Bytes before the batch length field ends (baseOffset + batchLength): add batchLength for the total. */
    public static final int LOG_OVERHEAD = 12;
    /** No producer: producerId, producerEpoch and baseSequence are all -1. */
    public static final long NO_PRODUCER_ID = -1L;
    /** No producer epoch. */
    public static final short NO_PRODUCER_EPOCH = -1;
    /** No sequence number. */
    public static final int NO_SEQUENCE = -1;
    /** Partition leader epoch a producer writes (the broker stamps the real one). */
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    static final int BASE_OFFSET = 0;
    static final int BATCH_LENGTH = 8;
    static final int PARTITION_LEADER_EPOCH = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int BASE_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int RECORD_COUNT = 57;

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_BIT = 0x08;
    static final int TRANSACTIONAL_BIT = 0x10;
    static final int CONTROL_BIT = 0x20;

    private RecordBatches() {
    }

    /**
     * Rewrites the producer id, epoch, base sequence and transactional flag of the encoded batch that
     * starts at {@code batch.position()}, then recomputes its CRC. Records are not touched, so an
     * idempotent writer can retry a batch under a new epoch or sequence without re-encoding it.
     * The buffer's position and limit are left unchanged.
     */
    public static void restamp(ByteBuffer batch, long producerId, short producerEpoch, int baseSequence,
                               boolean transactional) {
        int start = batch.position();
        int length = batch.getInt(start + BATCH_LENGTH);
        if (length < HEADER_SIZE - LOG_OVERHEAD || batch.limit() - start < LOG_OVERHEAD + length) {
            throw new IllegalArgumentException("buffer does not hold a whole record batch at position " + start);
        }
        short attributes = batch.getShort(start + ATTRIBUTES);
        attributes = (short) (transactional ? attributes | TRANSACTIONAL_BIT : attributes & ~TRANSACTIONAL_BIT);
        batch.putShort(start + ATTRIBUTES, attributes);
        batch.putLong(start + PRODUCER_ID, producerId);
        batch.putShort(start + PRODUCER_EPOCH, producerEpoch);
        batch.putInt(start + BASE_SEQUENCE, baseSequence);
        batch.putInt(start + CRC, (int) crc(batch, start + ATTRIBUTES, start + LOG_OVERHEAD + length, new CRC32C()));
    }

    /** CRC32C of {@code buffer[from, to)}, leaving the buffer's position and limit alone. */
    static long crc(ByteBuffer buffer, int from, int to, CRC32C crc) {
        crc.reset();
        if (buffer.hasArray()) {
            crc.update(buffer.array(), buffer.arrayOffset() + from, to - from);
        } else {
            crc.update(buffer.duplicate().limit(to).position(from));
        }
        return crc.getValue();
    }
}
