package io.kafkago.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Header;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our builder's batches read back by our reader, record for record, with every codec. */
class RecordBatchRoundTripTest {

    private static final long T0 = 1_700_000_000_000L;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void oneRecordWithNullKeyAndValue(int codecId) {
        List<TestRecord> written = List.of(new TestRecord(0, T0, null, null, List.of()));
        assertThat(roundTrip(codecId, written)).containsExactlyElementsOf(written);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void emptyKeysValuesAndHeaders(int codecId) {
        List<TestRecord> written = List.of(
            new TestRecord(0, T0, new byte[0], new byte[0], List.of()),
            new TestRecord(1, T0 - 5, new byte[0], null, List.of(new Header("", new byte[0]))),
            new TestRecord(2, T0 + 7, null, new byte[0], List.of(new Header("h", null), new Header("h", null))));
        assertThat(roundTrip(codecId, written)).containsExactlyElementsOf(written);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void manyRecordsWithHeadersAndUnicodeKeys(int codecId) {
        SplittableRandom random = new SplittableRandom(codecId);
        List<TestRecord> written = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < i % 4; h++) {
                headers.add(new Header("hdr-\u00e9\u4e2d\uD83D\uDE00-" + h, h == 1 ? null : bytes(random, h * 3)));
            }
            byte[] key = i % 5 == 0 ? null : ("key-" + i).getBytes(UTF_8);
            written.add(new TestRecord(i, T0 + random.nextInt(-1000, 1000), key, bytes(random, random.nextInt(200)),
                headers));
        }
        assertThat(roundTrip(codecId, written)).containsExactlyElementsOf(written);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void largeValuesSpanManyCompressionBlocks(int codecId) {
        SplittableRandom random = new SplittableRandom(42);
        byte[] incompressible = bytes(random, 300_000);
        byte[] repetitive = new byte[1_000_000];
        Arrays.fill(repetitive, (byte) 'x');
        List<TestRecord> written = List.of(
            new TestRecord(0, T0, "a".getBytes(UTF_8), incompressible, List.of()),
            new TestRecord(1, T0, "b".getBytes(UTF_8), repetitive, List.of(new Header("big", incompressible))));
        assertThat(roundTrip(codecId, written)).containsExactlyElementsOf(written);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void batchHeaderCarriesCountsTimestampsAndProducerFields(int codecId) {
        RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(CompressionCodec.forId(codecId));
        builder.append(T0 + 10, null, "a".getBytes(UTF_8));
        builder.append(T0 + 30, null, "b".getBytes(UTF_8));
        builder.append(T0 + 20, null, "c".getBytes(UTF_8));
        ByteBuffer encoded = builder.build(4711L, (short) 3, 99, true);

        RecordBatchView batch = new RecordBatchReader().reset(encoded).nextBatch();
        assertThat(batch.baseOffset()).isZero();
        assertThat(batch.lastOffset()).isEqualTo(2);
        assertThat(batch.nextOffset()).isEqualTo(3);
        assertThat(batch.recordCount()).isEqualTo(3);
        assertThat(batch.baseTimestamp()).isEqualTo(T0 + 10);
        assertThat(batch.maxTimestamp()).isEqualTo(T0 + 30);
        assertThat(batch.producerId()).isEqualTo(4711L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(99);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControl()).isFalse();
        assertThat(batch.isLogAppendTime()).isFalse();
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(-1);
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.compression().id()).isEqualTo(codecId);
        assertThat(batch.sizeInBytes()).isEqualTo(encoded.remaining());
        assertThat(encoded.position()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void severalBatchesInOneBufferAreReadInOrder(int codecId) {
        RecordBatchBuilder builder = new RecordBatchBuilder();
        ByteBuffer all = ByteBuffer.allocate(1 << 16);
        for (int b = 0; b < 3; b++) {
            builder.reset(CompressionCodec.forId(codecId));
            for (int i = 0; i <= b; i++) {
                builder.append(T0, null, ("batch" + b + "-" + i).getBytes(UTF_8));
            }
            builder.writeTo(all, -1L, (short) -1, -1, false);
        }
        all.flip();
        RecordBatchReader reader = new RecordBatchReader().reset(all);
        List<String> values = new ArrayList<>();
        for (RecordBatchView batch; (batch = reader.nextBatch()) != null; ) {
            for (RecordView record; (record = batch.nextRecord()) != null; ) {
                values.add(new String(record.value(), UTF_8));
            }
        }
        assertThat(values).containsExactly("batch0-0", "batch1-0", "batch1-1", "batch2-0", "batch2-1", "batch2-2");
        assertThat(reader.remaining()).isZero();
    }

    static List<TestRecord> roundTrip(int codecId, List<TestRecord> records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(CompressionCodec.forId(codecId));
        for (TestRecord record : records) {
            builder.append(record.timestamp(), record.key(), record.value(), record.headers());
        }
        ByteBuffer batch = builder.build();
        return TestRecord.readAll(new RecordBatchReader().reset(batch));
    }

    static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
