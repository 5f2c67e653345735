package io.kafkago.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaProtocolException;
import io.kafkago.protocol.Varints;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The array cursor the record parser uses decodes exactly what {@link Varints} encodes. */
class ByteArrayCursorTest {

    @Test
    void decodesWhatVarintsEncodes() {
        SplittableRandom random = new SplittableRandom(17);
        ByteBuffer buffer = ByteBuffer.allocate(20 * 10_000);
        int[] ints = random.ints(10_000).toArray();
        long[] longs = random.longs(10_000).toArray();
        for (int i = 0; i < ints.length; i++) {
            Varints.writeVarint(buffer, ints[i] >> random.nextInt(32));
            Varints.writeVarlong(buffer, longs[i] >> random.nextInt(64));
            Varints.writeUnsignedVarint(buffer, ints[i]);
        }
        ByteArrayCursor cursor = new ByteArrayCursor();
        cursor.reset(buffer.array(), 0, buffer.position());
        SplittableRandom replay = new SplittableRandom(17);
        replay.ints(10_000).toArray();
        replay.longs(10_000).toArray();
        for (int i = 0; i < ints.length; i++) {
            assertThat(cursor.readVarint()).isEqualTo(ints[i] >> replay.nextInt(32));
            assertThat(cursor.readVarlong()).isEqualTo(longs[i] >> replay.nextInt(64));
            assertThat(cursor.readUnsignedVarint()).isEqualTo(ints[i]);
        }
        assertThat(cursor.remaining()).isZero();
    }

    @Test
    void refusesToReadPastTheLimitOrOverlongNumbers() {
        ByteArrayCursor cursor = new ByteArrayCursor();
        byte[] continued = {(byte) 0x80, (byte) 0x80, 0};
        cursor.reset(continued, 0, 2);
        assertThatThrownBy(cursor::readVarint).isInstanceOf(KafkaProtocolException.class);
        byte[] sixBytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        cursor.reset(sixBytes, 0, sixBytes.length);
        assertThatThrownBy(cursor::readVarint).isInstanceOf(KafkaProtocolException.class).hasMessageContaining("5 bytes");
        byte[] elevenBytes = new byte[11];
        java.util.Arrays.fill(elevenBytes, (byte) 0x80);
        cursor.reset(elevenBytes, 0, elevenBytes.length);
        assertThatThrownBy(cursor::readVarlong).isInstanceOf(KafkaProtocolException.class).hasMessageContaining("10 bytes");
    }
}
