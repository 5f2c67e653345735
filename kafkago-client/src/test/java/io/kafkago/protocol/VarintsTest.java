package io.kafkago.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

class VarintsTest {

    private static final int[] INT_EDGES = {0, 1, -1, 63, -64, 64, -65, 127, 128, 8191, 8192, -8193,
        (1 << 20) - 1, 1 << 20, 1 << 27, (1 << 28) - 1, 1 << 28, Integer.MAX_VALUE, Integer.MIN_VALUE};

    private static final long[] LONG_EDGES = {0, 1, -1, 63, -64, 64, 1L << 34, -(1L << 34), 1L << 55,
        (1L << 62) - 1, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE};

    @Test
    void varintMatchesKafkaClientsBytesAndSizes() {
        SplittableRandom random = new SplittableRandom(7);
        IntStream.concat(Arrays.stream(INT_EDGES), random.ints(20_000)).forEach(value -> {
            ByteBuffer ours = ByteBuffer.allocate(5);
            Varints.writeVarint(ours, value);
            ByteBuffer theirs = ByteBuffer.allocate(5);
            ByteUtils.writeVarint(value, theirs);
            assertThat(ours.flip()).isEqualTo(theirs.flip());
            assertThat(Varints.sizeOfVarint(value)).isEqualTo(ByteUtils.sizeOfVarint(value)).isEqualTo(ours.limit());

            byte[] array = new byte[6];
            int end = Varints.writeVarint(array, 1, value);
            assertThat(ByteBuffer.wrap(array, 1, end - 1)).isEqualTo(ours);
            assertThat(Varints.readVarint(ours.duplicate())).isEqualTo(value);
        });
    }

    @Test
    void unsignedVarintMatchesKafkaClients() {
        SplittableRandom random = new SplittableRandom(11);
        IntStream.concat(Arrays.stream(INT_EDGES), random.ints(20_000)).forEach(value -> {
            ByteBuffer ours = ByteBuffer.allocate(5);
            Varints.writeUnsignedVarint(ours, value);
            ByteBuffer theirs = ByteBuffer.allocate(5);
            ByteUtils.writeUnsignedVarint(value, theirs);
            assertThat(ours.flip()).isEqualTo(theirs.flip());
            assertThat(Varints.sizeOfUnsignedVarint(value)).isEqualTo(ByteUtils.sizeOfUnsignedVarint(value));
            assertThat(Varints.readUnsignedVarint(ours.duplicate())).isEqualTo(value);

            byte[] array = new byte[5];
            assertThat(Varints.writeUnsignedVarint(array, 0, value)).isEqualTo(ours.limit());
        });
    }

    @Test
    void varlongMatchesKafkaClients() {
        SplittableRandom random = new SplittableRandom(13);
        LongStream.concat(Arrays.stream(LONG_EDGES), random.longs(20_000)).forEach(value -> {
            ByteBuffer ours = ByteBuffer.allocate(10);
            Varints.writeVarlong(ours, value);
            ByteBuffer theirs = ByteBuffer.allocate(10);
            ByteUtils.writeVarlong(value, theirs);
            assertThat(ours.flip()).isEqualTo(theirs.flip());
            assertThat(Varints.sizeOfVarlong(value)).isEqualTo(ByteUtils.sizeOfVarlong(value)).isEqualTo(ours.limit());

            byte[] array = new byte[10];
            assertThat(ByteBuffer.wrap(array, 0, Varints.writeVarlong(array, 0, value))).isEqualTo(ours);
            assertThat(Varints.readVarlong(ours.duplicate())).isEqualTo(value);
        });
    }

    @Test
    void readingAdvancesPositionByEncodedLength() {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        Varints.writeVarint(buffer, 300);
        Varints.writeVarlong(buffer, -5_000_000_000L);
        Varints.writeUnsignedVarint(buffer, 7);
        buffer.flip();
        assertThat(Varints.readVarint(buffer)).isEqualTo(300);
        assertThat(buffer.position()).isEqualTo(2);
        assertThat(Varints.readVarlong(buffer)).isEqualTo(-5_000_000_000L);
        assertThat(Varints.readUnsignedVarint(buffer)).isEqualTo(7);
        assertThat(buffer.hasRemaining()).isFalse();
    }

    @Test
    void varintOfMoreThanFiveBytesIsRejected() {
        ByteBuffer sixBytes = ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0});
        assertThatThrownBy(() -> Varints.readVarint(sixBytes))
            .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("longer than 5");
    }

    @Test
    void varlongOfMoreThanTenBytesIsRejected() {
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, 0, 10, (byte) 0xff);
        assertThatThrownBy(() -> Varints.readVarlong(ByteBuffer.wrap(eleven)))
            .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("longer than 10");
    }

    @Test
    void inputEndingInsideANumberIsRejected() {
        ByteBuffer continued = ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x81});
        assertThatThrownBy(() -> Varints.readVarint(continued.duplicate()))
            .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("ends inside");
        assertThatThrownBy(() -> Varints.readVarlong(continued.duplicate()))
            .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("ends inside");
        assertThatThrownBy(() -> Varints.readUnsignedVarint(ByteBuffer.allocate(0)))
            .isInstanceOf(KafkaProtocolException.class);
    }
}
