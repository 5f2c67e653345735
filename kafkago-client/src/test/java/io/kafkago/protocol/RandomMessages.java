package io.kafkago.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a generated message with random values for one version, guided by the JSON spec: only fields that
 * exist in the version are set, nulls only where the version allows them, nested structs recursively.
 */
final class RandomMessages {

    private static final String[] TEXT_PIECES = {"a", "topic", "-", "_", "0", "é", "ß", "€", "日本", "\uD83D\uDE00", " "};

    private final Random random;

    RandomMessages(long seed) {
        this.random = new Random(seed);
    }

    /** A new instance of the spec's class with every field of {@code version} randomised (some left at default). */
    Object populate(MessageSpecs.Spec spec, short version) {
        return populate(spec, spec.generated(), spec.root().get("fields"), version);
    }

    private Object populate(MessageSpecs.Spec spec, Class<?> type, JsonNode fields, short version) {
        try {
            Object message = type.getConstructor().newInstance();
            for (JsonNode field : fields) {
                if (!MessageSpecs.contains(field.get("versions").asText(), version) || random.nextInt(5) == 0) {
                    continue;
                }
                boolean nullable = field.has("nullableVersions")
                        && MessageSpecs.contains(field.get("nullableVersions").asText(), version);
                Object value = nullable && random.nextInt(4) == 0 ? null : value(spec, field.get("type").asText(), version);
                setter(type, field.get("name").asText()).invoke(message, value);
            }
            return message;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot populate " + type.getName(), e);
        }
    }

    private Object value(MessageSpecs.Spec spec, String type, short version) throws ReflectiveOperationException {
        if (type.startsWith("[]")) {
            int count = random.nextInt(3);
            List<Object> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(value(spec, type.substring(2), version));
            }
            return list;
        }
        Object fixedSize = fixedSizeValue(random, type);
        if (fixedSize != null) {
            return fixedSize;
        }
        return switch (type) {
            case "string" -> text();
            case "bytes" -> bytes(random, 12);
            case "records" -> ByteBuffer.wrap(bytes(random, 12));
            case "uuid" -> new UUID(random.nextLong(), random.nextLong());
            default -> populate(spec, nestedClass(spec.generated(), type), spec.structFields().get(type), version);
        };
    }

    /** A random boxed value of a fixed-size spec type ({@code bool} to {@code float64}); null for other types. */
    static Object fixedSizeValue(Random random, String type) {
        return switch (type) {
            case "bool" -> random.nextBoolean();
            case "int8" -> (byte) random.nextInt();
            case "int16" -> (short) random.nextInt();
            case "uint16" -> random.nextInt(0x10000);
            case "int32" -> random.nextInt();
            case "uint32" -> random.nextLong() & 0xffffffffL;
            case "int64" -> random.nextLong();
            case "float64" -> random.nextDouble() * 1000;
            default -> null;
        };
    }

    /** Random bytes, fewer than {@code lengthBound} of them. */
    static byte[] bytes(Random random, int lengthBound) {
        byte[] bytes = new byte[random.nextInt(lengthBound)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            text.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
        }
        return text.toString();
    }

    static Class<?> nestedClass(Class<?> outer, String struct) throws ClassNotFoundException {
        return Class.forName(outer.getName() + "$" + struct);
    }

    static Method setter(Class<?> type, String fieldName) {
        for (Method method : type.getMethods()) {
            String name = "set" + Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1);
            if (method.getName().equals(name) && method.getParameterCount() == 1) {
                return method;
            }
        }
        throw new IllegalStateException(type.getName() + " has no setter for " + fieldName);
    }

    static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
