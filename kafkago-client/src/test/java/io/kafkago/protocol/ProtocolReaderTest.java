package io.kafkago.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaProtocolException;
import io.kafkago.protocol.message.ApiVersionsResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProtocolReaderTest {

    private static ProtocolReader reader(int... bytes) {
        byte[] array = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            array[i] = (byte) bytes[i];
        }
        return new ProtocolReader(ByteBuffer.wrap(array));
    }

    @Test
    void compactStringDistinguishesNullFromEmpty() {
        ProtocolReader in = reader(0, 1, 3, 'h', 'i');
        assertThat(in.readString("a", true, true)).isNull();
        assertThat(in.readString("b", true, true)).isEmpty();
        assertThat(in.readString("c", true, true)).isEqualTo("hi");
        assertThat(in.remaining()).isZero();
    }

    @Test
    void classicStringDistinguishesNullFromEmpty() {
        ProtocolReader in = reader(0xff, 0xff, 0, 0);
        assertThat(in.readString("a", false, true)).isNull();
        assertThat(in.readString("b", false, true)).isEmpty();
    }

    @Test
    void nullForNonNullableFieldIsAProtocolError() {
        assertThatThrownBy(() -> reader(0).readString("Topic.Name", true, false))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessage("null for non-nullable Topic.Name at position 0");
        assertThatThrownBy(() -> reader(0xff, 0xff, 0xff, 0xff).readArrayLength("Topics", false, false))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("null array for non-nullable Topics");
    }

    @Test
    void decodesMultibyteUtf8FromHeapAndDirectBuffers() {
        String text = "zß€日本\uD83D\uDE00";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer heap = ByteBuffer.allocate(1 + utf8.length).put((byte) (utf8.length + 1)).put(utf8).flip();
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip();
        assertThat(new ProtocolReader(heap).readString("s", true, false)).isEqualTo(text);
        assertThat(new ProtocolReader(direct).readString("s", true, false)).isEqualTo(text);
    }

    @Test
    void recordsAreAZeroCopySliceAndTheReaderMovesPastThem() {
        byte[] wire = {0, 0, 0, 3, 10, 11, 12, 42};
        ProtocolReader in = new ProtocolReader(ByteBuffer.wrap(wire));
        ByteBuffer records = in.readRecords("Records", false, true);
        assertThat(records.remaining()).isEqualTo(3);
        assertThat(records.array()).isSameAs(wire);
        assertThat(records.get(0)).isEqualTo((byte) 10);
        assertThat(in.readInt8()).isEqualTo((byte) 42);
    }

    @Test
    void fixedSizeValuesAreBigEndianAndUnsignedWhereAsked() {
        ProtocolReader in = reader(0xff, 0xfe, 0xff, 0xff, 0xff, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 1, 2, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0);
        assertThat(in.readUnsignedInt16()).isEqualTo(0xfffe);
        assertThat(in.readUnsignedInt32()).isEqualTo(0xfffffffeL);
        assertThat(in.readInt64()).isEqualTo(Long.MIN_VALUE + 1);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readFloat64()).isEqualTo(1.0);
        assertThat(in.remaining()).isZero();
    }

    @Test
    void uuidIsTwoBigEndianLongs() {
        UUID id = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).flip();
        assertThat(new ProtocolReader(bytes).readUuid()).isEqualTo(id);
    }

    @Test
    void longestVarintsDecodeAndLongerOnesAreRejected() {
        assertThat(reader(0xff, 0xff, 0xff, 0xff, 0x0f).readUnsignedVarint()).isEqualTo(-1);
        assertThat(reader(0xfe, 0xff, 0xff, 0xff, 0x0f).readVarint()).isEqualTo(Integer.MAX_VALUE);
        assertThat(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).readVarlong()).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80).readUnsignedVarint())
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("longer than 5 bytes")
                .hasMessageContaining("position 0");
        assertThatThrownBy(() -> reader(0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81).readVarlong())
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("longer than 10 bytes");
    }

    @Test
    void varintThatEndsWithTheInputIsRejected() {
        assertThatThrownBy(() -> reader(0x80, 0x80).readUnsignedVarint())
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("input ends inside a varint");
    }

    @Test
    void compactLengthBeyondIntRangeIsRejected() {
        assertThatThrownBy(() -> reader(0xff, 0xff, 0xff, 0xff, 0x0f).readBytes("Data", true, true))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("beyond 2^31");
    }

    @Test
    void truncatedFixedSizeValueNamesTypeAndPosition() {
        ProtocolReader in = reader(1, 2, 3);
        in.readInt8();
        assertThatThrownBy(in::readInt32)
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessage("truncated int32 at position 1 (2 of 4 bytes left)");
    }

    @Test
    void taggedSectionKeepsUnknownFieldsAndReadsKnownOnes() {
        // ApiVersionsResponse v3: error 0, empty ApiKeys, throttle 0, then 2 tagged fields:
        // tag 1 (FinalizedFeaturesEpoch, int64 = 7) and unknown tag 9 (2 bytes).
        ProtocolReader in = reader(0, 0, 1, 0, 0, 0, 0, 2, 1, 8, 0, 0, 0, 0, 0, 0, 0, 7, 9, 2, 0xab, 0xcd);
        ApiVersionsResponse response = ApiVersionsResponse.read(in, (short) 3);
        assertThat(response.finalizedFeaturesEpoch()).isEqualTo(7);
        assertThat(response.unknownTaggedFields()).containsExactly(new RawTaggedField(9, new byte[] {(byte) 0xab, (byte) 0xcd}));
        assertThat(in.remaining()).isZero();
    }

    @Test
    void knownTaggedFieldMustFillItsAnnouncedSize() {
        // Tag 1 announces 9 bytes but an int64 takes 8.
        ProtocolReader in = reader(0, 0, 1, 0, 0, 0, 0, 1, 1, 9, 0, 0, 0, 0, 0, 0, 0, 7, 0);
        assertThatThrownBy(() -> ApiVersionsResponse.read(in, (short) 3))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("tagged field ApiVersionsResponse.FinalizedFeaturesEpoch should end at position 19 but its value ends at 18");
    }

    @Test
    void taggedFieldSizeBeyondInputIsRejected() {
        ProtocolReader in = reader(0, 0, 1, 0, 0, 0, 0, 1, 9, 100, 1, 2);
        assertThatThrownBy(() -> ApiVersionsResponse.read(in, (short) 3))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("tagged field size 100 at position 9 exceeds the 2 remaining bytes");
    }

    @Test
    void arrayCountAboveRemainingBytesIsRejectedWithPosition() {
        ProtocolReader in = reader(0, 0, 0, 0, 0, 0, 0, 9, 1, 2);
        in.readInt32();
        assertThatThrownBy(() -> in.readArrayLength("Partitions", false, false))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessage("length 9 for Partitions at position 4 exceeds the 2 remaining bytes");
    }

    @Test
    void rejectsLittleEndianBuffers() {
        assertThatThrownBy(() -> new ProtocolReader(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsFromTheBufferPositionAndAdvancesIt() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 9, 0, 5});
        buffer.position(2);
        ProtocolReader in = new ProtocolReader(buffer);
        assertThat(in.readInt16()).isEqualTo((short) 5);
        assertThat(buffer.position()).isEqualTo(4);
        assertThat(in.position()).isEqualTo(4);
    }

    @Test
    void unknownTaggedFieldListIsCreatedOnDemand() {
        ProtocolReader in = reader(1, 2, 3);
        List<RawTaggedField> fields = in.readUnknownTaggedField(null, 5, 2);
        fields = in.readUnknownTaggedField(fields, 6, 1);
        assertThat(fields).extracting(RawTaggedField::tag).containsExactly(5, 6);
    }
}
