package io.kafkago.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Compares a kafkago message with a kafka-clients message field by field (same getter names on both sides),
 * normalising representations: Kafka's Uuid, collections, zero-copy ByteBuffers, MemoryRecords, RawTaggedField.
 */
final class KafkaValues {

    private KafkaValues() {
    }

    /** Throws an AssertionError naming the first differing path. */
    static void assertSame(String path, Object ours, Object theirs) {
        if (ours == null || theirs == null) {
            if (ours != theirs && !(isEmptyBytes(ours) && isEmptyBytes(theirs))) {
                throw new AssertionError(path + ": ours=" + ours + " theirs=" + theirs);
            }
            return;
        }
        if (ours.getClass().getName().startsWith(MessageSpecs.MESSAGE_PACKAGE)) {
            assertSameStruct(path, ours, theirs);
            return;
        }
        if (ours instanceof List<?> list) {
            List<Object> other = new ArrayList<>();
            ((Iterable<?>) theirs).forEach(other::add);
            if (list.size() != other.size()) {
                throw new AssertionError(path + ": " + list.size() + " elements vs " + other.size());
            }
            for (int i = 0; i < list.size(); i++) {
                assertSame(path + "[" + i + "]", list.get(i), other.get(i));
            }
            return;
        }
        Object a = normalise(ours);
        Object b = normalise(theirs);
        if (!a.equals(b)) {
            throw new AssertionError(path + ": ours=" + a + " theirs=" + b);
        }
    }

    private static void assertSameStruct(String path, Object ours, Object theirs) {
        for (Field field : ours.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String name = field.getName();
            Object ourValue = call(ours, name);
            Object theirValue = call(theirs, name);
            if (name.equals("unknownTaggedFields")) {
                assertSame(path + ".unknownTaggedFields", rawTags(ourValue), rawTags(theirValue));
            } else {
                assertSame(path + "." + name, ourValue, theirValue);
            }
        }
    }

    private static List<String> rawTags(Object list) {
        List<String> tags = new ArrayList<>();
        if (list != null) {
            for (Object raw : (Iterable<?>) list) {
                tags.add(call(raw, "tag") + ":" + HexFormat.of().formatHex((byte[]) call(raw, "data")));
            }
        }
        return tags;
    }

    private static boolean isEmptyBytes(Object value) {
        return value == null;
    }

    private static Object normalise(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof byte[] bytes) {
            return "bytes:" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return "bytes:" + HexFormat.of().formatHex(bytes);
        }
        String className = value.getClass().getName();
        if (className.equals("org.apache.kafka.common.Uuid")) {
            return new UUID((long) call(value, "getMostSignificantBits"), (long) call(value, "getLeastSignificantBits"));
        }
        if (className.startsWith("org.apache.kafka.common.record.")) {
            return normalise(call(value, "buffer"));
        }
        if (value instanceof Iterator<?>) {
            throw new IllegalStateException("unexpected iterator");
        }
        return value;
    }

    static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(target.getClass().getName() + "." + method + "()", e);
        }
    }
}
