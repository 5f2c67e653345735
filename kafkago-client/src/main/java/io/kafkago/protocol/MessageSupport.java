package io.kafkago.protocol;

import io.kafkago.UnsupportedVersionException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * Shared constants and checks that the generated message classes call; not meant for application code.
 * Keeping them here keeps the generated files short and their error messages uniform.
 */
public final class MessageSupport {

    /** Default value of non-nullable {@code bytes} fields. Length zero, so sharing it is safe. */
    public static final byte[] EMPTY_BYTES = new byte[0];

    /** Default value of non-nullable {@code records} fields: empty and read-only, so sharing it is safe. */
    public static final ByteBuffer EMPTY_RECORDS = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** The all-zero UUID, Kafka's "no id" and the default of {@code uuid} fields. */
    public static final UUID ZERO_UUID = new UUID(0L, 0L);

    private MessageSupport() {
    }

    /** Throws {@link UnsupportedVersionException} unless {@code lowest <= version <= highest}. */
    public static void checkVersion(String message, short version, short lowest, short highest) {
        if (version < lowest || version > highest) {
            throw new UnsupportedVersionException(message + " version " + version + " is outside " + lowest + "-" + highest);
        }
    }

    /** A field was set to a non-default value but does not exist in the version being written. */
    public static UnsupportedVersionException unsupportedField(String struct, String field, short version) {
        return new UnsupportedVersionException(struct + "." + field + " has a non-default value but does not exist in version " + version);
    }

    /** A field holds null but is not nullable in the version being written. */
    public static UnsupportedVersionException nullNotAllowed(String struct, String field, short version) {
        return new UnsupportedVersionException(struct + "." + field + " is null but not nullable in version " + version);
    }

    /** Unknown tagged fields are present but the version being written has no tagged fields. */
    public static UnsupportedVersionException taggedFieldsUnsupported(String struct, short version) {
        return new UnsupportedVersionException(struct + " has tagged fields but version " + version + " is not flexible");
    }

    /** Null and empty lists of unknown tagged fields are the same. */
    public static boolean sameTaggedFields(List<RawTaggedField> a, List<RawTaggedField> b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        return a.equals(b);
    }

    /** Byte arrays show their length only: SASL tokens and credentials travel as bytes. */
    public static String describeBytes(byte[] bytes) {
        return bytes == null ? "null" : "bytes[" + bytes.length + "]";
    }

    /** A list of byte arrays, each shown by its length only. */
    public static String describeByteArrays(List<byte[]> arrays) {
        if (arrays == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < arrays.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(describeBytes(arrays.get(i)));
        }
        return text.append(']').toString();
    }

    /** Records show their size only. */
    public static String describeRecords(ByteBuffer records) {
        return records == null ? "null" : "records[" + records.remaining() + " bytes]";
    }

    /** A string in single quotes, or null. */
    public static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
