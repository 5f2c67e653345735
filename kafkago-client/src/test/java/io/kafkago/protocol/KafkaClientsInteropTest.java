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
 * kafka-clients as an oracle, for every generated message in every version: bytes kafkago writes decode in
 * kafka-clients' generated {@code *Data} classes to the same values, kafka-clients re-encodes them to the
 * very same bytes, and kafkago decodes kafka-clients' bytes back to an equal message.
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
