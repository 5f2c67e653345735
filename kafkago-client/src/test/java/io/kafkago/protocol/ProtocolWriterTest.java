package io.kafkago.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.UnsupportedVersionException;
import io.kafkago.protocol.message.ApiVersionsResponse;
import io.kafkago.protocol.message.MetadataRequest;
import io.kafkago.protocol.message.RequestHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtocolWriterTest {

    @Test
    void growsFromZeroCapacityAndReusesItsArrayAfterReset() {
        ProtocolWriter out = new ProtocolWriter(0);
        for (int i = 0; i < 1000; i++) {
            out.writeInt32(i);
        }
        assertThat(out.size()).isEqualTo(4000);
        byte[] array = out.buffer().array();
        out.reset();
        out.writeInt64(1);
        assertThat(out.size()).isEqualTo(8);
        assertThat(out.buffer().array()).isSameAs(array);
    }

    @Test
    void bufferIsAViewOfTheWrittenBytes() {
        ProtocolWriter out = new ProtocolWriter();
        out.writeInt16((short) 0x0102);
        ByteBuffer view = out.buffer();
        assertThat(view.position()).isZero();
        assertThat(view.remaining()).isEqualTo(2);
        assertThat(view.getShort()).isEqualTo((short) 0x0102);
    }

    @Test
    void sizePrefixIsPatchedInPlace() {
        ProtocolWriter out = new ProtocolWriter();
        int sizeAt = out.position();
        out.writeInt32(0);
        out.writeString("abc", false);
        out.putInt32At(sizeAt, out.size() - 4);
        assertThat(out.toByteArray()).containsExactly(0, 0, 0, 5, 0, 3, 'a', 'b', 'c');
        assertThatThrownBy(() -> out.putInt32At(6, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void stringsAreWrittenAsUtf8LikeStringGetBytes() {
        Random random = new Random(7);
        ProtocolWriter out = new ProtocolWriter();
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(20); c > 0; c--) {
                text.append((char) random.nextInt(0x10000)); // includes unpaired surrogates
            }
            String value = text.toString();
            byte[] expected = value.getBytes(StandardCharsets.UTF_8);
            out.reset();
            out.writeString(value, true);
            ProtocolReader in = new ProtocolReader(out.buffer());
            assertThat(in.readUnsignedVarint()).isEqualTo(expected.length + 1);
            byte[] actual = new byte[in.remaining()];
            out.buffer().get(out.size() - actual.length, actual);
            assertThat(actual).isEqualTo(expected);
            assertThat(Utf8.encodedLength(value)).isEqualTo(expected.length);
        }
    }

    @Test
    void nullAndEmptyStringsAndBytesUseTheirMarkers() {
        ProtocolWriter out = new ProtocolWriter();
        out.writeString(null, true);
        out.writeString("", true);
        out.writeString(null, false);
        out.writeBytes(null, false);
        out.writeBytes(new byte[0], true);
        out.writeArrayLength(-1, true);
        assertThat(out.toByteArray()).containsExactly(0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0);
    }

    @Test
    void classicStringLongerThanInt16IsRejected() {
        String tooLong = "x".repeat(Short.MAX_VALUE + 1);
        ProtocolWriter out = new ProtocolWriter();
        assertThatThrownBy(() -> out.writeString(tooLong, false)).isInstanceOf(IllegalArgumentException.class);
        out.writeString(tooLong, true);
        assertThat(out.size()).isEqualTo(3 + tooLong.length());
    }

    @Test
    void recordsAreCopiedWithoutMovingTheSource() {
        ByteBuffer records = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        records.position(1);
        ProtocolWriter out = new ProtocolWriter();
        out.writeRecords(records, true);
        assertThat(records.position()).isEqualTo(1);
        assertThat(out.toByteArray()).containsExactly(4, 2, 3, 4);
    }

    @Test
    void longestVarintsTakeFiveAndTenBytes() {
        ProtocolWriter out = new ProtocolWriter();
        out.writeUnsignedVarint(-1);
        assertThat(out.size()).isEqualTo(5);
        out.reset();
        out.writeVarlong(Long.MIN_VALUE);
        assertThat(out.size()).isEqualTo(10);
        assertThat(new ProtocolReader(out.buffer()).readVarlong()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void unsignedRangesAreChecked() {
        ProtocolWriter out = new ProtocolWriter();
        assertThatThrownBy(() -> out.writeUnsignedInt16(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.writeUnsignedInt32(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void taggedFieldLongerThan127BytesGetsATwoByteSizePrefix() {
        ProtocolWriter out = new ProtocolWriter(4);
        out.writeInt8((byte) 7);
        int start = out.beginTaggedField(3);
        for (int i = 0; i < 200; i++) {
            out.writeInt8((byte) i);
        }
        out.endTaggedField(start);
        ProtocolReader in = new ProtocolReader(out.buffer());
        assertThat(in.readInt8()).isEqualTo((byte) 7);
        assertThat(in.readUnsignedVarint()).isEqualTo(3);
        assertThat(in.readTaggedFieldSize()).isEqualTo(200);
        for (int i = 0; i < 200; i++) {
            assertThat(in.readInt8()).isEqualTo((byte) i);
        }
        assertThat(in.remaining()).isZero();
    }

    @Test
    void knownAndUnknownTaggedFieldsAreWrittenInTagOrder() {
        ApiVersionsResponse response = new ApiVersionsResponse().setFinalizedFeaturesEpoch(5).setZkMigrationReady(true);
        // Known tags are 0-3 (0 and 2 stay at their defaults, so they are not written).
        response.unknownTaggedFields().add(new RawTaggedField(5, new byte[] {1}));
        response.unknownTaggedFields().add(new RawTaggedField(8, new byte[] {2, 2}));
        ProtocolWriter out = new ProtocolWriter();
        response.write(out, (short) 3);

        ProtocolReader in = new ProtocolReader(out.buffer());
        in.skip(2 + 1 + 4, "error code, empty ApiKeys, throttle");
        int count = in.readTaggedFieldCount();
        List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tags.add(in.readUnsignedVarint());
            in.skip(in.readTaggedFieldSize(), "value");
        }
        assertThat(tags).containsExactly(1, 3, 5, 8);
        assertThat(ApiVersionsResponse.read(new ProtocolReader(out.buffer()), (short) 3)).isEqualTo(response);
    }

    @Test
    void fieldMissingFromTheVersionMustKeepItsDefault() {
        MetadataRequest request = new MetadataRequest().setAllowAutoTopicCreation(false);
        assertThatThrownBy(() -> request.write(new ProtocolWriter(), (short) 3))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("MetadataRequest.AllowAutoTopicCreation");
        request.write(new ProtocolWriter(), (short) 4);
    }

    @Test
    void ignorableFieldMissingFromTheVersionIsDropped() {
        // MetadataResponse.ClusterId exists from version 2 and is ignorable.
        var response = new io.kafkago.protocol.message.MetadataResponse().setClusterId("cluster-1");
        ProtocolWriter out = new ProtocolWriter();
        response.write(out, (short) 1);
        var decoded = io.kafkago.protocol.message.MetadataResponse.read(new ProtocolReader(out.buffer()), (short) 1);
        assertThat(decoded.clusterId()).isNull();
    }

    @Test
    void nullInANonNullableVersionIsRejected() {
        MetadataRequest request = new MetadataRequest().setTopics(null);
        assertThatThrownBy(() -> request.write(new ProtocolWriter(), (short) 0))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("MetadataRequest.Topics is null but not nullable in version 0");
    }

    @Test
    void versionOutsideTheSpecIsRejected() {
        assertThatThrownBy(() -> new RequestHeader().write(new ProtocolWriter(), (short) 3))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("RequestHeader version 3 is outside 1-2");
    }

    @Test
    void unknownTaggedFieldsCannotBeWrittenInAFixedVersion() {
        MetadataRequest request = new MetadataRequest();
        request.unknownTaggedFields().add(new RawTaggedField(1, new byte[0]));
        assertThatThrownBy(() -> request.write(new ProtocolWriter(), (short) 8))
                .isInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void requestHeaderClientIdStaysAClassicStringInFlexibleVersions() {
        RequestHeader header = new RequestHeader().setRequestApiKey((short) 18).setRequestApiVersion((short) 3)
                .setCorrelationId(1).setClientId("ab");
        ProtocolWriter out = new ProtocolWriter();
        header.write(out, (short) 2);
        assertThat(out.toByteArray()).containsExactly(0, 18, 0, 3, 0, 0, 0, 1, 0, 2, 'a', 'b', 0);
    }

    @Test
    void toStringShowsByteArraysByLengthOnly() {
        var auth = new io.kafkago.protocol.message.SaslAuthenticateRequest()
                .setAuthBytes("\0user\0secret-password".getBytes(StandardCharsets.UTF_8));
        assertThat(auth.toString()).doesNotContain("secret").contains("bytes[21]");
    }
}
