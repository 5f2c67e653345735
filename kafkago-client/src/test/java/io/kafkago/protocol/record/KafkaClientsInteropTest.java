package io.kafkago.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batches written by kafka-clients (with its native snappy, lz4 and zstd libraries) decode with our
 * reader, and batches we write pass kafka-clients' validation and read back identically.
 */
class KafkaClientsInteropTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long LOG_APPEND_TIME = T0 + 123_456;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void kafkaClientsBatchesDecodeIdentically(int codecId) {
        for (TimestampType timestampType : List.of(TimestampType.CREATE_TIME, TimestampType.LOG_APPEND_TIME)) {
            ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
            MemoryRecordsBuilder theirs = MemoryRecords.builder(buffer, RecordBatch.CURRENT_MAGIC_VALUE,
                kafkaCompression(codecId), timestampType, 1_000L, LOG_APPEND_TIME, 77L, (short) 4, 500, true, false, 9);
            appendSampleRecords(theirs, new SplittableRandom(codecId));
            ByteBuffer first = theirs.build().buffer();
            MemoryRecordsBuilder second = MemoryRecords.builder(ByteBuffer.allocate(1 << 16), kafkaCompression(codecId),
                timestampType, 2_000L);
            second.append(T0, null, "second batch".getBytes(UTF_8));
            ByteBuffer all = concat(first, second.build().buffer());

            List<TestRecord> expected = kafkaClientsRead(all.duplicate());
            RecordBatchReader reader = new RecordBatchReader().reset(all);
            assertThat(TestRecord.readAll(reader)).containsExactlyElementsOf(expected);

            RecordBatchView batch = new RecordBatchReader().reset(all).nextBatch();
            assertThat(batch.baseOffset()).isEqualTo(1_000L);
            assertThat(batch.partitionLeaderEpoch()).isEqualTo(9);
            assertThat(batch.producerId()).isEqualTo(77L);
            assertThat(batch.producerEpoch()).isEqualTo((short) 4);
            assertThat(batch.baseSequence()).isEqualTo(500);
            assertThat(batch.isTransactional()).isTrue();
            assertThat(batch.isLogAppendTime()).isEqualTo(timestampType == TimestampType.LOG_APPEND_TIME);
            assertThat(batch.compression().id()).isEqualTo(codecId);
            RecordBatch reference = firstBatch(all);
            assertThat(batch.lastOffset()).isEqualTo(reference.lastOffset());
            assertThat(batch.maxTimestamp()).isEqualTo(reference.maxTimestamp());
            assertThat(batch.checksum()).isEqualTo(reference.checksum());
            assertThat(batch.sizeInBytes()).isEqualTo(reference.sizeInBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void ourBatchesPassKafkaClientsValidationAndReadIdentically(int codecId) {
        RecordBatchBuilder ours = new RecordBatchBuilder().reset(CompressionCodec.forId(codecId));
        SplittableRandom random = new SplittableRandom(100 + codecId);
        List<TestRecord> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] key = i % 7 == 0 ? null : ("k" + i).getBytes(UTF_8);
            byte[] value = i % 11 == 0 ? null : RecordBatchRoundTripTest.bytes(random, random.nextInt(3_000));
            List<io.kafkago.Header> headers = i % 3 == 0 ? List.of()
                : List.of(new io.kafkago.Header("trace-\u00fc", ("t" + i).getBytes(UTF_8)), new io.kafkago.Header("n", null));
            long timestamp = T0 + random.nextInt(-5_000, 5_000);
            ours.append(timestamp, key, value, headers);
            written.add(new TestRecord(i, timestamp, key, value, headers));
        }
        ByteBuffer encoded = ours.build(31L, (short) 2, 1_000, true);

        MemoryRecords records = MemoryRecords.readableRecords(encoded.duplicate());
        List<MutableRecordBatch> batches = new ArrayList<>();
        records.batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        MutableRecordBatch batch = batches.get(0);
        batch.ensureValid();
        assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
        assertThat(batch.compressionType()).isEqualTo(CompressionType.forId(codecId));
        assertThat(batch.baseOffset()).isZero();
        assertThat(batch.lastOffset()).isEqualTo(499);
        assertThat(batch.countOrNull()).isEqualTo(500);
        assertThat(batch.producerId()).isEqualTo(31L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 2);
        assertThat(batch.baseSequence()).isEqualTo(1_000);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(RecordBatch.NO_PARTITION_LEADER_EPOCH);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(written.stream().mapToLong(TestRecord::timestamp).max().orElseThrow());
        assertThat(kafkaClientsRead(encoded.duplicate())).containsExactlyElementsOf(written);
    }

    @Test
    void restampedBatchPassesKafkaClientsValidation() {
        RecordBatchBuilder ours = new RecordBatchBuilder().reset(CompressionCodec.forId(CompressionCodec.LZ4));
        ours.append(T0, "k".getBytes(UTF_8), "v".getBytes(UTF_8));
        ours.append(T0 + 1, "k".getBytes(UTF_8), "w".getBytes(UTF_8));
        ByteBuffer encoded = ours.build();

        RecordBatches.restamp(encoded, 9_000_000_000L, (short) 7, 42, true);

        RecordBatch batch = firstBatch(encoded);
        batch.ensureValid();
        assertThat(batch.producerId()).isEqualTo(9_000_000_000L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 7);
        assertThat(batch.baseSequence()).isEqualTo(42);
        assertThat(batch.lastSequence()).isEqualTo(43);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(kafkaClientsRead(encoded.duplicate())).extracting(r -> new String(r.value(), UTF_8))
            .containsExactly("v", "w");

        RecordBatches.restamp(encoded, 5L, (short) 0, 0, false);
        RecordBatch again = firstBatch(encoded);
        again.ensureValid();
        assertThat(again.isTransactional()).isFalse();
        assertThat(again.producerId()).isEqualTo(5L);
    }

    @Test
    void controlBatchesAreRecognised() {
        ByteBuffer commit = MemoryRecords.withEndTransactionMarker(10L, T0, 3, 55L, (short) 1,
            new EndTransactionMarker(ControlRecordType.COMMIT, 8)).buffer();
        ByteBuffer abort = MemoryRecords.withEndTransactionMarker(11L, T0, 3, 56L, (short) 1,
            new EndTransactionMarker(ControlRecordType.ABORT, 8)).buffer();
        RecordBatchReader reader = new RecordBatchReader().reset(concat(commit, abort));

        RecordBatchView first = reader.nextBatch();
        assertThat(first.isControl()).isTrue();
        assertThat(first.isTransactional()).isTrue();
        assertThat(first.producerId()).isEqualTo(55L);
        RecordView marker = first.nextRecord();
        assertThat(marker.offset()).isEqualTo(10L);
        assertThat(marker.controlType()).isEqualTo(io.kafkago.protocol.record.ControlRecordType.COMMIT);
        assertThat(first.nextRecord()).isNull();

        RecordBatchView second = reader.nextBatch();
        assertThat(second.isControl()).isTrue();
        assertThat(second.nextRecord().controlType()).isEqualTo(io.kafkago.protocol.record.ControlRecordType.ABORT);
        assertThat(reader.nextBatch()).isNull();
    }

    @Test
    void emptyBatchLeftByCompactionHasNoRecords() {
        ByteBuffer empty = ByteBuffer.allocate(DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        DefaultRecordBatch.writeEmptyHeader(empty, RecordBatch.CURRENT_MAGIC_VALUE, 12L, (short) 1, 3, 50L, 59L, 2,
            TimestampType.CREATE_TIME, T0, false, false);
        empty.flip();
        RecordBatchView batch = new RecordBatchReader().reset(empty).nextBatch();
        assertThat(batch.recordCount()).isZero();
        assertThat(batch.baseOffset()).isEqualTo(50L);
        assertThat(batch.nextOffset()).isEqualTo(60L);
        assertThat(batch.nextRecord()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void truncatedLastBatchEndsIterationQuietly(int codecId) {
        ByteBuffer first = MemoryRecords.withRecords(kafkaCompression(codecId),
            new org.apache.kafka.common.record.SimpleRecord(T0, "a".getBytes(UTF_8), "1".getBytes(UTF_8))).buffer();
        ByteBuffer second = MemoryRecords.withRecords(5L, kafkaCompression(codecId),
            new org.apache.kafka.common.record.SimpleRecord(T0, "b".getBytes(UTF_8), "2".getBytes(UTF_8))).buffer();
        ByteBuffer all = concat(first, second);
        for (int cut = first.remaining(); cut < all.remaining(); cut++) {
            RecordBatchReader reader = new RecordBatchReader().reset(all.duplicate().limit(cut));
            assertThat(TestRecord.readAll(reader)).extracting(TestRecord::offset).containsExactly(0L);
            assertThat(reader.remaining()).isEqualTo(cut - first.remaining());
        }
    }

    /** The records as kafka-clients itself reads them, after its own CRC check. */
    static List<TestRecord> kafkaClientsRead(ByteBuffer buffer) {
        List<TestRecord> records = new ArrayList<>();
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                List<io.kafkago.Header> headers = Arrays.stream(record.headers())
                    .map(h -> new io.kafkago.Header(h.key(), h.value())).toList();
                records.add(new TestRecord(record.offset(), record.timestamp(), bytes(record.key()),
                    bytes(record.value()), headers));
            }
        }
        return records;
    }

    private static RecordBatch firstBatch(ByteBuffer buffer) {
        return MemoryRecords.readableRecords(buffer.duplicate()).batches().iterator().next();
    }

    private static void appendSampleRecords(MemoryRecordsBuilder builder, SplittableRandom random) {
        byte[] large = RecordBatchRoundTripTest.bytes(random, 200_000);
        builder.append(T0, (byte[]) null, null);
        builder.append(T0 - 10, new byte[0], new byte[0]);
        builder.append(T0 + 10, "key".getBytes(UTF_8), large,
            new org.apache.kafka.common.header.Header[] {new RecordHeader("a", (byte[]) null),
                new RecordHeader("\u00e9t\u00e9", "v".getBytes(UTF_8))});
        for (int i = 0; i < 300; i++) {
            builder.append(T0 + i, ("k" + i).getBytes(UTF_8), ("value " + i).repeat(i % 20).getBytes(UTF_8));
        }
    }

    static Compression kafkaCompression(int codecId) {
        return switch (codecId) {
            case 0 -> Compression.NONE;
            case 1 -> Compression.gzip().build();
            case 2 -> Compression.snappy().build();
            case 3 -> Compression.lz4().build();
            case 4 -> Compression.zstd().build();
            default -> throw new IllegalArgumentException("codec " + codecId);
        };
    }

    static ByteBuffer concat(ByteBuffer... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(ByteBuffer::remaining).sum());
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
