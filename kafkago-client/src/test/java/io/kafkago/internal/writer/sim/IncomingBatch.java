package io.kafkago.internal.writer.sim;

import io.kafkago.protocol.record.RecordBatchReader;
import io.kafkago.protocol.record.RecordBatchView;
import io.kafkago.protocol.record.RecordView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The record batch one partition of a Produce request carries, reduced to what the idempotence rules and the
 * log need: the producer fields of its header and the record values (as UTF-8 text, null kept as null).
 *
 * @param producerId      the producer id, or -1 for a batch without idempotence
 * @param producerEpoch   the producer epoch, or -1
 * @param baseSequence    the sequence of the first record, or -1
 * @param lastOffsetDelta the header's offset delta of the last record (record count - 1 for a client's batch)
 * @param values          the record values in order
 */
record IncomingBatch(long producerId, short producerEpoch, int baseSequence, int lastOffsetDelta, List<String> values) {

    IncomingBatch {
        values = List.copyOf(values);
    }

    /**
     * Decodes the single record batch a client sends per partition (CRC checked, compression undone).
     *
     * @throws IllegalArgumentException when {@code records} does not hold exactly one complete batch
     */
    static IncomingBatch decode(ByteBuffer records) {
        RecordBatchReader reader = new RecordBatchReader().reset(records);
        RecordBatchView batch = reader.nextBatch();
        if (batch == null) {
            throw new IllegalArgumentException("no complete record batch in " + records.remaining() + " bytes");
        }
        List<String> values = new ArrayList<>(batch.recordCount());
        for (RecordView record; (record = batch.nextRecord()) != null; ) {
            byte[] value = record.value();
            values.add(value == null ? null : new String(value, StandardCharsets.UTF_8));
        }
        IncomingBatch decoded = new IncomingBatch(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                (int) (batch.lastOffset() - batch.baseOffset()), values);
        if (reader.nextBatch() != null || reader.remaining() > 0) {
            throw new IllegalArgumentException("more than one record batch for one partition");
        }
        return decoded;
    }

    /** Whether the batch carries a producer id, so the idempotence rules apply to it. */
    boolean isIdempotent() {
        return producerId >= 0;
    }

    /**
     * The sequence of the last record: {@code baseSequence + lastOffsetDelta}, wrapping past
     * {@link Integer#MAX_VALUE} to 0, as the broker computes it ({@code DefaultRecordBatch.lastSequence}).
     */
    int lastSequence() {
        return nextSequence(baseSequence, lastOffsetDelta);
    }

    /** {@code sequence + increment} in the int32 sequence space that wraps to 0 after {@link Integer#MAX_VALUE}. */
    static int nextSequence(int sequence, int increment) {
        return (int) (((long) sequence + increment) % ((long) Integer.MAX_VALUE + 1));
    }
}
