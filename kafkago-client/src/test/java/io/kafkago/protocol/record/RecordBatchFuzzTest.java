package io.kafkago.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Header;
import io.kafkago.KafkaProtocolException;
import io.kafkago.protocol.Varints;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input for the reader: random bytes, truncations, bit flips and absurd lengths and counts,
 * with the CRC recomputed after each mutation so the damage reaches the record and decompression
 * code instead of stopping at the checksum. Every input must end in a value or a
 * {@link KafkaProtocolException}, and allocate within a bound set by the decompression limit.
 * Cases come from seeded generators, so a failure reproduces exactly.
 */
class RecordBatchFuzzTest {

    private static final int LIMIT = 1 << 20;
    /** Mutations per codec; raise with {@code -Dkafkago.fuzz.iterations=...} for a longer hunt. */
    private static final int ITERATIONS = Integer.getInteger("kafkago.fuzz.iterations", 3_000);
    /** Most bytes one decode may allocate: the limit plus generous slack for codec state. */
    private static final long ALLOCATION_BOUND = 16L * LIMIT;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length > 16 && random.nextBoolean()) {
                bytes[16] = RecordBatches.MAGIC; // get past the magic check more often
            }
            decodeSafely(ByteBuffer.wrap(bytes));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void everyTruncationEitherStopsCleanlyOrFails(int codecId) {
        byte[] batch = sampleBatch(codecId, new SplittableRandom(codecId));
        for (int length = 0; length <= batch.length; length++) {
            ByteBuffer cut = ByteBuffer.wrap(batch, 0, length).slice();
            Outcome outcome = decodeSafely(cut);
            if (length < batch.length) {
                assertThat(outcome.records).as("records from %d of %d bytes", length, batch.length).isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void bitFlipsWithRepairedCrc(int codecId) {
        SplittableRandom random = new SplittableRandom(10 + codecId);
        byte[] original = sampleBatch(codecId, random);
        int errors = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] mutated = original.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(RecordBatches.ATTRIBUTES, mutated.length);
                mutated[at] ^= (byte) (1 << random.nextInt(8));
            }
            repairCrc(mutated);
            if (decodeSafely(ByteBuffer.wrap(mutated)).error != null) {
                errors++;
            }
        }
        assertThat(errors).as("mutations that reached a check past the CRC").isPositive();
    }

    @Test
    void bitFlipsWithoutRepairAreCaughtByTheCrc() {
        byte[] original = sampleBatch(CompressionCodec.NONE, new SplittableRandom(3));
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            byte[] mutated = original.clone();
            mutated[random.nextInt(RecordBatches.ATTRIBUTES, mutated.length)] ^= 1;
            assertThatThrownBy(() -> drain(ByteBuffer.wrap(mutated))).isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("CRC32C");
        }
    }

    @Test
    void absurdHeaderCountsAndLengthsAreRejected() {
        byte[] batch = sampleBatch(CompressionCodec.NONE, new SplittableRandom(5));
        for (int count : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1_000_000}) {
            byte[] mutated = batch.clone();
            ByteBuffer.wrap(mutated).putInt(RecordBatches.RECORD_COUNT, count);
            repairCrc(mutated);
            assertThatThrownBy(() -> drain(ByteBuffer.wrap(mutated))).as("count %d", count)
                .isInstanceOf(KafkaProtocolException.class);
        }
        for (int length : new int[] {-1, 0, 48, Integer.MIN_VALUE}) {
            byte[] mutated = batch.clone();
            ByteBuffer.wrap(mutated).putInt(RecordBatches.BATCH_LENGTH, length);
            assertThatThrownBy(() -> drain(ByteBuffer.wrap(mutated))).as("length %d", length)
                .isInstanceOf(KafkaProtocolException.class);
        }
        byte[] huge = batch.clone();
        ByteBuffer.wrap(huge).putInt(RecordBatches.BATCH_LENGTH, Integer.MAX_VALUE);
        assertThat(drain(ByteBuffer.wrap(huge)).records).as("a length past the buffer reads as truncated").isZero();
    }

    @Test
    void hugeRecordFieldLengthsAreRejectedBeforeAllocation() {
        for (int field = 0; field < 3; field++) {
            for (int claimed : new int[] {Integer.MAX_VALUE, 1 << 30, -2, Integer.MIN_VALUE}) {
                byte[] batch = handcraftedRecord(field, claimed);
                Outcome outcome = decodeSafely(ByteBuffer.wrap(batch));
                assertThat(outcome.error).as("field %d claims %d", field, claimed).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void compressionBombInsideABatchIsAProtocolError(int codecId) {
        RecordBatchBuilder builder = new RecordBatchBuilder().reset(CompressionCodec.forId(codecId));
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < 8; i++) {
            builder.append(0L, null, zeros);
        }
        ByteBuffer bomb = builder.build();
        Outcome outcome = decodeSafely(bomb);
        assertThat(outcome.error).isInstanceOf(KafkaProtocolException.class);
        assertThat(outcome.error.getMessage()).contains("limit");
    }

    @Test
    void oldMagicIsATypedError() {
        byte[] batch = sampleBatch(CompressionCodec.NONE, new SplittableRandom(6));
        for (byte magic : new byte[] {0, 1, 3}) {
            batch[RecordBatches.MAGIC_OFFSET] = magic;
            assertThatThrownBy(() -> drain(ByteBuffer.wrap(batch)))
                .isInstanceOfSatisfying(UnsupportedRecordFormatException.class, e -> assertThat(e.magic()).isEqualTo(magic));
        }
    }

    @Test
    void directBuffersDecodeLikeHeapBuffers() {
        for (int codecId = 0; codecId <= 4; codecId++) {
            byte[] batch = sampleBatch(codecId, new SplittableRandom(7));
            ByteBuffer direct = ByteBuffer.allocateDirect(batch.length).put(batch).flip();
            assertThat(TestRecord.readAll(new RecordBatchReader(LIMIT).reset(direct)))
                .containsExactlyElementsOf(TestRecord.readAll(new RecordBatchReader(LIMIT).reset(ByteBuffer.wrap(batch))));
        }
    }

    /** A batch of one record whose key (0), value (1) or header count (2) claims {@code claimed}. */
    private static byte[] handcraftedRecord(int field, int claimed) {
        ByteBuffer body = ByteBuffer.allocate(64);
        body.put((byte) 0);
        Varints.writeVarlong(body, 0);
        Varints.writeVarint(body, 0);
        Varints.writeVarint(body, field == 0 ? claimed : 1);
        if (field != 0) {
            body.put((byte) 'k');
        }
        Varints.writeVarint(body, field == 1 ? claimed : 0);
        Varints.writeVarint(body, field == 2 ? claimed : 0);
        body.flip();
        ByteBuffer batch = ByteBuffer.allocate(RecordBatches.HEADER_SIZE + 5 + body.remaining());
        batch.position(RecordBatches.HEADER_SIZE);
        Varints.writeVarint(batch, body.remaining());
        batch.put(body);
        int size = batch.position();
        batch.putInt(RecordBatches.BATCH_LENGTH, size - RecordBatches.LOG_OVERHEAD);
        batch.put(RecordBatches.MAGIC_OFFSET, RecordBatches.MAGIC);
        batch.putInt(RecordBatches.RECORD_COUNT, 1);
        byte[] bytes = java.util.Arrays.copyOf(batch.array(), size);
        repairCrc(bytes);
        return bytes;
    }

    private static byte[] sampleBatch(int codecId, SplittableRandom random) {
        RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(CompressionCodec.forId(codecId));
        for (int i = 0; i < 6; i++) {
            List<Header> headers = new ArrayList<>();
            if (i % 2 == 0) {
                headers.add(new Header("h" + i, i == 2 ? null : new byte[] {(byte) i}));
            }
            builder.append(1_000L + i, i == 1 ? null : new byte[] {(byte) i},
                CompressionCodecTest.mixed(random, random.nextInt(80)), headers);
        }
        ByteBuffer batch = builder.build(5L, (short) 1, 0, false);
        byte[] bytes = new byte[batch.remaining()];
        batch.get(bytes);
        return bytes;
    }

    private static void repairCrc(byte[] batch) {
        int length = ByteBuffer.wrap(batch).getInt(RecordBatches.BATCH_LENGTH);
        int end = RecordBatches.LOG_OVERHEAD + length;
        if (length >= RecordBatches.HEADER_SIZE - RecordBatches.LOG_OVERHEAD && end <= batch.length) {
            CRC32C crc = new CRC32C();
            crc.update(batch, RecordBatches.ATTRIBUTES, end - RecordBatches.ATTRIBUTES);
            ByteBuffer.wrap(batch).putInt(RecordBatches.CRC, (int) crc.getValue());
        }
    }

    private record Outcome(int records, KafkaProtocolException error) {
    }

    /** Decodes everything, copying every field out; only KafkaProtocolException may escape, inside the allocation bound. */
    private static Outcome decodeSafely(ByteBuffer input) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        Outcome outcome;
        try {
            outcome = drain(input);
        } catch (KafkaProtocolException e) {
            outcome = new Outcome(0, e);
        }
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated decoding %d input bytes", input.remaining())
            .isLessThan(ALLOCATION_BOUND);
        return outcome;
    }

    private static Outcome drain(ByteBuffer input) {
        RecordBatchReader reader = new RecordBatchReader(LIMIT).reset(input);
        int records = 0;
        for (RecordBatchView batch; (batch = reader.nextBatch()) != null; ) {
            for (RecordView record; (record = batch.nextRecord()) != null; ) {
                record.key();
                record.value();
                for (int h = 0; h < record.headerCount(); h++) {
                    record.headerKey(h);
                    record.headerValue(h);
                }
                if (batch.isControl()) {
                    record.controlType();
                }
                records++;
            }
        }
        return new Outcome(records, null);
    }
}
