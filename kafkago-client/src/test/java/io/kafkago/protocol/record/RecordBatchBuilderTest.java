package io.kafkago.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Header;
import io.kafkago.protocol.Utf8;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBatchBuilderTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void sizeInBytesIsTheUncompressedBatchSize() {
        RecordBatchBuilder builder = new RecordBatchBuilder(64);
        assertThat(builder.sizeInBytes()).isEqualTo(RecordBatches.HEADER_SIZE);
        int added = builder.append(T0, "k".getBytes(UTF_8), "value".getBytes(UTF_8), List.of(Header.of("h", "x")));
        added += builder.append(T0 + 1, null, new byte[300]);
        assertThat(builder.sizeInBytes()).isEqualTo(RecordBatches.HEADER_SIZE + added);
        assertThat(builder.build().remaining()).isEqualTo(builder.sizeInBytes());
        assertThat(builder.recordCount()).isEqualTo(2);
    }

    @Test
    void maxRecordSizeBoundsWhatAppendAdds() {
        RecordBatchBuilder builder = new RecordBatchBuilder(64);
        List<Header> headers = List.of(Header.of("\u00e9\uD83D\uDE00", "v"), new Header("n", null));
        byte[] value = new byte[70_000];
        for (long timestamp : new long[] {T0, T0 - 1_000_000_000_000L, T0 + Long.MAX_VALUE / 4}) {
            int bound = RecordBatchBuilder.maxRecordSize("key".getBytes(UTF_8), value, headers);
            int added = builder.append(timestamp, "key".getBytes(UTF_8), value, headers);
            assertThat(added).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void unicodeHeaderKeysAreEncodedLikeStringGetBytes() {
        String key = "a\u00e9\u4e2d\uD83D\uDE00\uD800z"; // includes an unpaired surrogate
        RecordBatchBuilder builder = new RecordBatchBuilder(64);
        builder.append(T0, null, null, List.of(new Header(key, null)));
        RecordView record = new RecordBatchReader().reset(builder.build()).nextBatch().nextRecord();
        assertThat(record.headerKey(0)).isEqualTo(new String(key.getBytes(UTF_8), UTF_8));
        assertThat(Utf8.encodedLength(key)).isEqualTo(key.getBytes(UTF_8).length);
    }

    @Test
    void resetStartsAFreshBatchAndKeepsTheBufferForReuse() {
        RecordBatchBuilder builder = new RecordBatchBuilder(64);
        builder.append(T0, null, "first".getBytes(UTF_8));
        ByteBuffer first = builder.build();
        assertThat(builder.build()).isEqualTo(first);
        builder.reset(CompressionCodec.forId(CompressionCodec.GZIP));
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.compression().id()).isEqualTo(CompressionCodec.GZIP);
        builder.append(T0 + 5, null, "second".getBytes(UTF_8));
        RecordBatchView batch = new RecordBatchReader().reset(builder.build()).nextBatch();
        assertThat(batch.baseTimestamp()).isEqualTo(T0 + 5);
        assertThat(new String(batch.nextRecord().value(), UTF_8)).isEqualTo("second");
        assertThat(batch.nextRecord()).isNull();
    }

    @Test
    void writeToPutsTheSameBytesAsBuild() {
        RecordBatchBuilder builder = new RecordBatchBuilder(64).reset(CompressionCodec.forId(CompressionCodec.ZSTD));
        builder.append(T0, "k".getBytes(UTF_8), "v".repeat(1000).getBytes(UTF_8));
        ByteBuffer built = builder.build(1L, (short) 2, 3, false);
        ByteBuffer target = ByteBuffer.allocate(10_000).position(100);
        int written = builder.writeTo(target, 1L, (short) 2, 3, false);
        assertThat(written).isEqualTo(built.remaining());
        assertThat(target.position()).isEqualTo(100 + written);
        assertThat(target.flip().position(100)).isEqualTo(built);
    }

    @Test
    void restampRewritesProducerFieldsOfABatchInsideALargerBuffer() {
        RecordBatchBuilder builder = new RecordBatchBuilder(64);
        builder.append(T0, null, "v".getBytes(UTF_8));
        ByteBuffer buffer = ByteBuffer.allocate(500).position(17);
        builder.writeTo(buffer, -1L, (short) -1, -1, false);
        buffer.flip().position(17);

        RecordBatches.restamp(buffer, 8L, (short) 1, 12, true);

        assertThat(buffer.position()).isEqualTo(17);
        RecordBatchView batch = new RecordBatchReader().reset(buffer).nextBatch();
        assertThat(batch.producerId()).isEqualTo(8L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 1);
        assertThat(batch.baseSequence()).isEqualTo(12);
        assertThat(batch.isTransactional()).isTrue();
    }

    @Test
    void restampRejectsABufferWithoutAWholeBatch() {
        assertThatThrownBy(() -> RecordBatches.restamp(ByteBuffer.allocate(70), 1L, (short) 0, 0, false))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildingAnEmptyBatchIsRefused() {
        assertThatThrownBy(() -> new RecordBatchBuilder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readerStreamsAValueIntoACallerBuffer() {
        RecordBatchBuilder builder = new RecordBatchBuilder(64);
        builder.append(T0, null, "0123456789".getBytes(UTF_8));
        RecordView record = new RecordBatchReader().reset(builder.build()).nextBatch().nextRecord();
        byte[] target = new byte[4];
        StringBuilder streamed = new StringBuilder();
        int read;
        for (int at = 0; (read = record.readValue(at, target, 0, target.length)) > 0; at += read) {
            streamed.append(new String(target, 0, read, UTF_8));
        }
        assertThat(streamed).hasToString("0123456789");
    }
}
