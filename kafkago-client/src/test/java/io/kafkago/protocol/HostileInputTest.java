package io.kafkago.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.kafkago.KafkaProtocolException;
import io.kafkago.protocol.message.ApiVersionsResponse;
import io.kafkago.protocol.message.MetadataResponse;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoders never trust the wire. For every API, direction and version, the headers and the consumer
 * protocol data: random bytes, every truncation of a
 * valid message, and valid messages with corrupted bytes (huge lengths, negative counts) each end in a value
 * or a {@link KafkaProtocolException} — never another exception, an OutOfMemoryError or a hang.
 * Seeded, so a failure reproduces.
 */
class HostileInputTest {

    private static final int RANDOM_INPUTS = 150;
    private static final int CORRUPTIONS = 150;
    private static final byte[] HOSTILE_BYTES = {(byte) 0xff, (byte) 0x7f, (byte) 0x80, 0, 1, (byte) 0xfe};

    /** A decoder under attack: (label, spec, version, parse function). */
    static List<Arguments> everyDecoder() {
        List<Arguments> arguments = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            for (short version = key.oldestVersion(); version <= key.latestVersion(true); version++) {
                short v = version;
                arguments.add(decoder(key.displayName() + "Request", v, in -> key.parseRequest(in, v)));
                arguments.add(decoder(key.displayName() + "Response", v, in -> key.parseResponse(in, v)));
            }
        }
        for (MessageSpecs.Spec spec : MessageSpecs.all()) {
            if (!spec.root().has("apiKey")) {
                for (short version = spec.lowestVersion(); version <= spec.highestVersion(); version++) {
                    short v = version;
                    arguments.add(decoder(spec.name(), v, in -> GeneratedCodec.read(spec.generated(), in, v)));
                }
            }
        }
        return arguments;
    }

    private static Arguments decoder(String name, short version, Function<ProtocolReader, Object> parse) {
        return Arguments.of(name, version, parse);
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyDecoder")
    void hostileBytesEndInAValueOrAProtocolException(String name, short version, Function<ProtocolReader, Object> parse) {
        Function<ByteBuffer, Object> parser = bytes -> parse.apply(new ProtocolReader(bytes));
        MessageSpecs.Spec spec = MessageSpecs.load(name);
        Random random = new Random(name.hashCode() * 1_000L + version);

        for (int i = 0; i < RANDOM_INPUTS; i++) {
            byte[] bytes = new byte[random.nextInt(96)];
            random.nextBytes(bytes);
            parseSafely(parser, bytes, "random bytes #" + i);
        }

        for (int sample = 0; sample < 2; sample++) {
            byte[] valid = GeneratedCodec.write(new RandomMessages(random.nextLong()).populate(spec, version), version);
            for (int length = 0; length < valid.length; length++) {
                byte[] prefix = java.util.Arrays.copyOf(valid, length);
                try {
                    parser.apply(ByteBuffer.wrap(prefix));
                    fail("a %d-byte prefix of a %d-byte %s v%d decoded", length, valid.length, spec, version);
                } catch (KafkaProtocolException expected) {
                    assertThat(expected).hasMessageContaining("position");
                }
            }
            for (int i = 0; i < CORRUPTIONS && valid.length > 0; i++) {
                byte[] corrupted = valid.clone();
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    corrupted[random.nextInt(corrupted.length)] = HOSTILE_BYTES[random.nextInt(HOSTILE_BYTES.length)];
                }
                parseSafely(parser, corrupted, "corruption #" + i);
            }
        }
    }

    private static void parseSafely(Function<ByteBuffer, Object> parser, byte[] bytes, String what) {
        try {
            assertThat(parser.apply(ByteBuffer.wrap(bytes))).isNotNull();
        } catch (KafkaProtocolException expected) {
            // the only acceptable failure
        } catch (Throwable unexpected) {
            throw new AssertionError(what + " (" + java.util.HexFormat.of().formatHex(bytes) + ") threw " + unexpected, unexpected);
        }
    }

    @Test
    void maximalClassicArrayCountFailsBeforeAllocating() {
        // MetadataResponse v0 starts with the brokers array: count 2^31-1, then three bytes.
        byte[] bytes = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        long allocated = allocatedBytes(() -> assertThatThrownBy(() -> MetadataResponse.read(reader(bytes), (short) 0))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("MetadataResponse.Brokers")
                .hasMessageContaining("2147483647")
                .hasMessageContaining("position 0"));
        assertThat(allocated).as("bytes allocated while rejecting the count").isLessThan(1 << 20);
    }

    @Test
    void maximalCompactArrayCountFailsBeforeAllocating() {
        // ApiVersionsResponse v3: error code, then a compact ApiKeys array whose count+1 is 2^31-1 (varint ff ff ff ff 07).
        byte[] bytes = {0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0};
        long allocated = allocatedBytes(() -> assertThatThrownBy(() -> ApiVersionsResponse.read(reader(bytes), (short) 3))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("ApiVersionsResponse.ApiKeys")
                .hasMessageContaining("position 2"));
        assertThat(allocated).isLessThan(1 << 20);
    }

    @Test
    void maximalStringLengthFailsBeforeAllocating() {
        // MetadataResponse v0, one broker: node id, then a host string of length 32767 with two bytes left.
        byte[] bytes = {0, 0, 0, 1, 0, 0, 0, 5, 0x7f, (byte) 0xff, 'a', 'b'};
        assertThatThrownBy(() -> MetadataResponse.read(reader(bytes), (short) 0))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("MetadataResponseBroker.Host")
                .hasMessageContaining("32767")
                .hasMessageContaining("position 8");
        // Compact string: unsigned varint 2^31-1 encodes length 2^31-2, with one byte left.
        ProtocolReader compact = reader(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 'x'});
        long allocated = allocatedBytes(() -> assertThatThrownBy(() -> compact.readString("name", true, false))
                .isInstanceOf(KafkaProtocolException.class)
                .hasMessageContaining("2147483646"));
        assertThat(allocated).isLessThan(1 << 20);
    }

    @Test
    void negativeClassicLengthsOtherThanMinusOneAreRejected() {
        assertThatThrownBy(() -> reader(new byte[] {(byte) 0xff, (byte) 0xfe}).readString("s", false, true))
                .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("negative length -2");
        assertThatThrownBy(() -> reader(new byte[] {(byte) 0x80, 0, 0, 0}).readArrayLength("a", false, true))
                .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("negative length");
    }

    private static ProtocolReader reader(byte[] bytes) {
        return new ProtocolReader(ByteBuffer.wrap(bytes));
    }

    /** Heap bytes the current thread allocated while running {@code action} (HotSpot's per-thread counter). */
    private static long allocatedBytes(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        action.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }
}
