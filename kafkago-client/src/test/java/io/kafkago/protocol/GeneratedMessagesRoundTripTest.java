package io.kafkago.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated message in every valid version: random values → write → read gives an equal message,
 * consumes exactly the written bytes, and writes the same bytes again.
 */
class GeneratedMessagesRoundTripTest {

    private static final int SAMPLES_PER_VERSION = 8;

    static List<Arguments> everyMessageAndVersion() {
        return GeneratedCodec.everyMessageAndVersion();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyMessageAndVersion")
    void randomMessagesSurviveWriteThenRead(MessageSpecs.Spec spec, short version) {
        for (int sample = 0; sample < SAMPLES_PER_VERSION; sample++) {
            RandomMessages random = new RandomMessages(spec.name().hashCode() * 31L + version * 1000L + sample);
            Object message = random.populate(spec, version);
            if (spec.isFlexible(version) && sample % 2 == 1) {
                unknownTaggedFields(message).add(new RawTaggedField(1000 + sample, new byte[] {1, 2, (byte) sample}));
            }

            byte[] bytes = GeneratedCodec.write(message, version);
            Object decoded = GeneratedCodec.read(spec.generated(), bytes, version);

            assertThat(decoded).as("%s v%d sample %d", spec, version, sample).isEqualTo(message);
            assertThat(decoded.hashCode()).isEqualTo(message.hashCode());
            assertThat(GeneratedCodec.write(decoded, version)).isEqualTo(bytes);
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyMessageAndVersion")
    void defaultMessagesSurviveWriteThenRead(MessageSpecs.Spec spec, short version) throws Exception {
        Object message = spec.generated().getConstructor().newInstance();
        byte[] bytes = GeneratedCodec.write(message, version);
        assertThat(GeneratedCodec.read(spec.generated(), bytes, version)).isEqualTo(message);
    }

    @Test
    void coversEveryApiAndTheHeadersAndConsumerProtocolData() {
        assertThat(MessageSpecs.all()).hasSize(ApiKey.values().length * 2 + 4);
        assertThat(everyMessageAndVersion()).hasSizeGreaterThan(500);
    }

    @SuppressWarnings("unchecked")
    static List<RawTaggedField> unknownTaggedFields(Object message) {
        try {
            return (List<RawTaggedField>) message.getClass().getMethod("unknownTaggedFields").invoke(message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
