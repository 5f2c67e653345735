package io.kafkago.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kafka-clients as an oracle, for every generated message in every version (which covers ApiVersions,
 * Metadata, Produce, Fetch, ListOffsets, the group APIs, CreateTopics, InitProducerId and SASL at their oldest,
 * first flexible and newest versions): bytes kafkago writes decode in kafka-clients' generated {@code *Data}
 * classes to the same values and re-encode to the very same bytes; and messages built with kafka-clients'
 * own setters encode to bytes that kafkago decodes to the same values and re-encodes identically.
 */
class KafkaClientsInteropTest {

    private static final int SAMPLES_PER_VERSION = 6;

    static List<Arguments> everyMessageAndVersion() {
        return GeneratedCodec.everyMessageAndVersion();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyMessageAndVersion")
    void kafkaClientsAgreesOnValuesAndBytes(MessageSpecs.Spec spec, short version) throws Exception {
        Constructor<?> kafkaReader = kafkaClass(spec).getConstructor(Readable.class, short.class);
        for (int sample = 0; sample < SAMPLES_PER_VERSION; sample++) {
            Object ours = new RandomMessages(spec.name().hashCode() * 17L + version * 100L + sample).populate(spec, version);
            if (spec.isFlexible(version) && sample % 3 == 2) {
                GeneratedMessagesRoundTripTest.unknownTaggedFields(ours).add(new RawTaggedField(4000 + sample, new byte[] {9, 8}));
            }
            byte[] ourBytes = GeneratedCodec.write(ours, version);

            ByteBufferAccessor accessor = new ByteBufferAccessor(ByteBuffer.wrap(ourBytes));
            Message theirs = (Message) kafkaReader.newInstance(accessor, version);
            assertThat(accessor.remaining()).as("bytes kafka-clients left unread").isZero();
            KafkaValues.assertSame(spec.name() + " v" + version, ours, theirs);

            byte[] theirBytes = toBytes(theirs, version);
            assertThat(theirBytes).as("%s v%d sample %d: kafka-clients bytes", spec, version, sample).isEqualTo(ourBytes);
            assertThat(GeneratedCodec.read(spec.generated(), theirBytes, version)).isEqualTo(ours);
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyMessageAndVersion")
    void bytesKafkaClientsWritesDecodeToTheSameValues(MessageSpecs.Spec spec, short version) throws Exception {
        Class<?> kafkaClass = kafkaClass(spec);
        for (int sample = 0; sample < SAMPLES_PER_VERSION; sample++) {
            Message theirs = (Message) new KafkaRandomMessages(spec.name().hashCode() * 7L + version * 10L + sample)
                    .populate(spec, kafkaClass, version);
            byte[] theirBytes = toBytes(theirs, version);

            Object ours = GeneratedCodec.read(spec.generated(), theirBytes, version);
            KafkaValues.assertSame(spec.name() + " v" + version, ours, theirs);
            assertThat(GeneratedCodec.write(ours, version)).as("%s v%d sample %d: our bytes", spec, version, sample)
                    .isEqualTo(theirBytes);
        }
    }

    static byte[] toBytes(Message message, short version) {
        ByteBuffer buffer = MessageUtil.toByteBufferAccessor(message, version).buffer();
        ByteBuffer readable = buffer.position() == 0 ? buffer : buffer.flip();
        byte[] bytes = new byte[readable.remaining()];
        readable.get(bytes);
        return bytes;
    }

    static Class<?> kafkaClass(MessageSpecs.Spec spec) throws ClassNotFoundException {
        String base = "org.apache.kafka.common.message." + spec.name();
        try {
            return Class.forName(base + "Data");
        } catch (ClassNotFoundException e) {
            return Class.forName(base);
        }
    }
}
