package io.kafkago.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Random;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Fills a kafka-clients {@code *Data} message with random values for one version through kafka-clients' own
 * setters, guided by the same JSON spec: the independent source of bytes for the oracle tests.
 */
final class KafkaRandomMessages {

    private final Random random;

    KafkaRandomMessages(long seed) {
        this.random = new Random(seed);
    }

    Object populate(MessageSpecs.Spec spec, Class<?> kafkaClass, short version) throws ReflectiveOperationException {
        return populate(spec, kafkaClass, kafkaClass, spec.root().get("fields"), version);
    }

    private Object populate(MessageSpecs.Spec spec, Class<?> outer, Class<?> type, JsonNode fields, short version)
            throws ReflectiveOperationException {
        Object message = type.getConstructor().newInstance();
        for (JsonNode field : fields) {
            boolean nullable = field.has("nullableVersions")
                    && MessageSpecs.contains(field.get("nullableVersions").asText(), version);
            // kafka-clients defaults records to null even where null cannot be written: always set those.
            boolean mustSet = field.get("type").asText().equals("records") && !nullable;
            if (!MessageSpecs.contains(field.get("versions").asText(), version) || (!mustSet && random.nextInt(5) == 0)) {
                continue;
            }
            Method setter = RandomMessages.setter(type, field.get("name").asText());
            Class<?> parameter = setter.getParameterTypes()[0];
            Object value = nullable && random.nextInt(4) == 0 ? null
                    : value(spec, outer, field.get("type").asText(), parameter, version);
            RandomMessages.invoke(setter, message, value);
        }
        return message;
    }

    @SuppressWarnings("unchecked")
    private Object value(MessageSpecs.Spec spec, Class<?> outer, String type, Class<?> parameter, short version)
            throws ReflectiveOperationException {
        if (type.startsWith("[]")) {
            Collection<Object> collection = parameter.isInterface()
                    ? new ArrayList<>()
                    : (Collection<Object>) parameter.getConstructor().newInstance();
            String element = type.substring(2);
            for (int i = random.nextInt(3); i > 0; i--) {
                collection.add(value(spec, outer, element, Object.class, version));
            }
            return parameter.isInterface() ? new ArrayList<>(collection) : collection;
        }
        Object fixedSize = RandomMessages.fixedSizeValue(random, type);
        if (fixedSize != null) {
            return fixedSize;
        }
        return switch (type) {
            case "string" -> "k" + Integer.toString(random.nextInt(1 << 20), 36) + (random.nextBoolean() ? "-é日" : "");
            case "bytes" -> {
                byte[] bytes = RandomMessages.bytes(random, 10);
                yield parameter == ByteBuffer.class ? ByteBuffer.wrap(bytes) : bytes;
            }
            case "records" -> MemoryRecords.readableRecords(ByteBuffer.wrap(RandomMessages.bytes(random, 10)));
            case "uuid" -> new Uuid(random.nextLong(), random.nextLong());
            default -> populate(spec, outer, Class.forName(outer.getName() + "$" + type), spec.structFields().get(type), version);
        };
    }
}
