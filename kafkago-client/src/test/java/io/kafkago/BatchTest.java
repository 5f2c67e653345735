package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.protocol.record.CompressionCodec;
import io.kafkago.protocol.record.RecordBatchBuilder;
import io.kafkago.internal.conn.RecordCursor;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchTest {

    private final AtomicLong closedAt = new AtomicLong(-100);

    /** One record batch with the given values, its base offset patched to {@code baseOffset}. */
    private static ByteBuffer batch(long baseOffset, String... values) {
        RecordBatchBuilder builder = new RecordBatchBuilder().reset(CompressionCodec.forId(CompressionCodec.NONE));
        for (String value : values) {
            builder.append(1_000L, ("k-" + value).getBytes(UTF_8), value == null ? null : value.getBytes(UTF_8),
                    List.of(Header.of("h", value == null ? "null" : value)));
        }
        ByteBuffer batch = builder.build();
        batch.putLong(0, baseOffset); // the CRC does not cover the base offset
        return batch;
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    private Batch batchOf(long startOffset, ByteBuffer records) {
        return new Batch(closedAt::set, "t", 3, startOffset, 42, new RecordCursor(records, startOffset, null), null);
    }

    @Test
    void readCopiesValuesInOrderAndEndsWithMinusOne() {
        Batch batch = batchOf(10, concat(batch(10, "one", "two"), batch(12, "three")));
        byte[] buffer = new byte[16];
        List<String> values = new ArrayList<>();
        int n;
        while ((n = batch.read(buffer)) >= 0) {
            values.add(new String(buffer, 0, n, UTF_8));
        }
        assertThat(values).containsExactly("one", "two", "three");
        assertThat(batch.offset()).isEqualTo(13);
        assertThat(batch.read(buffer)).isEqualTo(-1);
        batch.close();
        assertThat(closedAt).hasValue(13);
    }

    @Test
    void aTooSmallBufferThrowsWithoutConsumingTheMessage() {
        Batch batch = batchOf(0, batch(0, "a-long-value"));
        assertThatThrownBy(() -> batch.read(new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 bytes");
        byte[] big = new byte[32];
        assertThat(batch.read(big)).isEqualTo(12);
        assertThat(new String(big, 0, 12, UTF_8)).isEqualTo("a-long-value");
    }

    @Test
    void aNullValueReadsAsZeroBytes() {
        Batch batch = batchOf(0, batch(0, (String) null));
        assertThat(batch.read(new byte[1])).isZero();
        assertThat(batch.read(new byte[1])).isEqualTo(-1);
    }

    @Test
    void messagesBeforeTheRequestedOffsetAreSkipped() {
        Batch batch = batchOf(6, batch(5, "five", "six", "seven"));
        List<Message> messages = new ArrayList<>();
        batch.forEach(messages::add);
        assertThat(messages).extracting(Message::offset).containsExactly(6L, 7L);
        Message six = messages.get(0);
        assertThat(six.topic()).isEqualTo("t");
        assertThat(six.partition()).isEqualTo(3);
        assertThat(six.highWaterMark()).isEqualTo(42);
        assertThat(six.keyAsString()).isEqualTo("k-six");
        assertThat(six.headers()).containsExactly(Header.of("h", "six"));
        assertThat(six.time()).isEqualTo(Instant.ofEpochMilli(1_000));
    }

    @Test
    void aTruncatedTrailingBatchEndsTheBatchQuietly() {
        ByteBuffer second = batch(1, "cut");
        ByteBuffer truncated = second.duplicate().limit(second.limit() - 5);
        Batch batch = batchOf(0, concat(batch(0, "whole"), truncated));
        assertThat(batch.readMessage().valueAsString()).isEqualTo("whole");
        assertThat(batch.readMessage()).isNull();
        batch.close();
        assertThat(batch.error()).isNull();
        assertThat(closedAt).hasValue(1);
    }

    @Test
    void aCorruptBatchEndsTheBatchAndCloseThrows() {
        ByteBuffer corrupt = batch(0, "value");
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 0x55));
        Batch batch = batchOf(0, corrupt);
        assertThat(batch.read(new byte[16])).isEqualTo(-1);
        assertThat(batch.error()).isInstanceOf(KafkaProtocolException.class);
        assertThatThrownBy(batch::close).isInstanceOf(KafkaProtocolException.class).hasMessageContaining("CRC");
        batch.close(); // a second close is quiet
    }

    @Test
    void aFailedFetchGivesAnEmptyBatchWhoseCloseThrows() {
        KafkaTimeoutException timeout = new KafkaTimeoutException("read deadline passed");
        Batch batch = new Batch(closedAt::set, "t", 0, 7, -1, null, timeout);
        assertThat(batch.readMessage()).isNull();
        assertThat(batch.iterator().hasNext()).isFalse();
        assertThatThrownBy(batch::close).isSameAs(timeout);
        assertThat(closedAt).hasValue(7);
    }
}
