package io.kafkago.protocol;

import io.kafkago.KafkaProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads Kafka protocol primitives from a big-endian {@link ByteBuffer}, advancing its position.
 * Nothing from the wire is trusted: every length and count is checked against the bytes that remain
 * before anything is allocated, and a violation throws {@link KafkaProtocolException} naming what was
 * being read and the buffer position. Records are returned as zero-copy slices of the buffer.
 */
public final class ProtocolReader {

    private final ByteBuffer buffer;
    private byte[] scratch;

    /**
     * Reads {@code buffer} from its position to its limit. The buffer must be big-endian (the default
     * of every ByteBuffer) and must not change while read; its position advances as values are read.
     */
    public ProtocolReader(ByteBuffer buffer) {
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("the Kafka protocol is big-endian; got a " + buffer.order() + " buffer");
        }
        this.buffer = buffer;
    }

    /** Bytes left to read. */
    public int remaining() {
        return buffer.remaining();
    }

    /** Current position in the underlying buffer. */
    public int position() {
        return buffer.position();
    }

    /** Skips {@code count} bytes. */
    public void skip(int count, String what) {
        checkLength(count, what);
        buffer.position(buffer.position() + count);
    }

    // ------------------------------------------------------------------------------------------ fixed size

    /** A signed byte. */
    public byte readInt8() {
        require(1, "int8");
        return buffer.get();
    }

    /** A big-endian int16. */
    public short readInt16() {
        require(2, "int16");
        return buffer.getShort();
    }

    /** A big-endian uint16, in [0, 65535]. */
    public int readUnsignedInt16() {
        require(2, "uint16");
        return buffer.getShort() & 0xffff;
    }

    /** A big-endian int32. */
    public int readInt32() {
        require(4, "int32");
        return buffer.getInt();
    }

    /** A big-endian uint32, in [0, 2^32 - 1]. */
    public long readUnsignedInt32() {
        require(4, "uint32");
        return buffer.getInt() & 0xffffffffL;
    }

    /** A big-endian int64. */
    public long readInt64() {
        require(8, "int64");
        return buffer.getLong();
    }

    /** An IEEE 754 double, big-endian. */
    public double readFloat64() {
        require(8, "float64");
        return buffer.getDouble();
    }

    /** A boolean byte; any non-zero value is true. */
    public boolean readBoolean() {
        require(1, "bool");
        return buffer.get() != 0;
    }

    /** A UUID from two big-endian int64s, most significant first. */
    public UUID readUuid() {
        require(16, "uuid");
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    // ------------------------------------------------------------------------------------------ varints

    /** An unsigned LEB128 int (1-5 bytes), as used by compact lengths and tagged fields. */
    public int readUnsignedVarint() {
        return Varints.readUnsignedVarint(buffer);
    }

    /** A zig-zag signed varint (1-5 bytes). */
    public int readVarint() {
        return Varints.readVarint(buffer);
    }

    /** A zig-zag signed varlong (1-10 bytes). */
    public long readVarlong() {
        return Varints.readVarlong(buffer);
    }

    // ------------------------------------------------------------------------------------------ lengths

    /**
     * A string length (int16, or compact unsigned varint of length + 1); -1 for null.
     * The length is checked against the remaining bytes.
     */
    public int readStringLength(String what, boolean compact) {
        int start = buffer.position();
        int length = compact ? readCompactLength(what) : readInt16();
        return checkedLength(length, what, start);
    }

    /** A bytes/records length or array count (int32, or compact unsigned varint of n + 1); -1 for null. */
    public int readBytesLength(String what, boolean compact) {
        int start = buffer.position();
        int length = compact ? readCompactLength(what) : readInt32();
        return checkedLength(length, what, start);
    }

    /**
     * An array element count, -1 for a null array (only when {@code nullable}). Each element takes at least
     * one byte, so a count above the remaining bytes is rejected before any list is allocated.
     */
    public int readArrayLength(String what, boolean compact, boolean nullable) {
        int start = buffer.position();
        int count = readBytesLength(what, compact);
        if (count < 0 && !nullable) {
            throw new KafkaProtocolException("null array for non-nullable " + what + " at position " + start);
        }
        return count;
    }

    private int readCompactLength(String what) {
        int start = buffer.position();
        int encoded = readUnsignedVarint();
        if (encoded < 0) {
            throw new KafkaProtocolException("length of " + what + " at position " + start + " is beyond 2^31 ("
                    + Integer.toUnsignedString(encoded) + ")");
        }
        return encoded - 1;
    }

    private int checkedLength(int length, String what, int start) {
        if (length < -1) {
            throw new KafkaProtocolException("negative length " + length + " for " + what + " at position " + start);
        }
        if (length > buffer.remaining()) {
            throw new KafkaProtocolException("length " + length + " for " + what + " at position " + start
                    + " exceeds the " + buffer.remaining() + " remaining bytes");
        }
        return length;
    }

    // ------------------------------------------------------------------------------------------ variable size

    /** A string (UTF-8); null only when {@code nullable}, else a null on the wire is an error. */
    public String readString(String what, boolean compact, boolean nullable) {
        int start = buffer.position();
        int length = readStringLength(what, compact);
        if (length < 0) {
            return nullOrFail(what, nullable, start);
        }
        int position = buffer.position();
        String value;
        if (buffer.hasArray()) {
            value = new String(buffer.array(), buffer.arrayOffset() + position, length, StandardCharsets.UTF_8);
        } else {
            if (scratch == null || scratch.length < length) {
                scratch = new byte[Math.max(length, 64)];
            }
            buffer.get(position, scratch, 0, length);
            value = new String(scratch, 0, length, StandardCharsets.UTF_8);
        }
        buffer.position(position + length);
        return value;
    }

    /** A byte array (copied); null only when {@code nullable}. */
    public byte[] readBytes(String what, boolean compact, boolean nullable) {
        int start = buffer.position();
        int length = readBytesLength(what, compact);
        if (length < 0) {
            return nullOrFail(what, nullable, start);
        }
        byte[] value = new byte[length];
        buffer.get(value);
        return value;
    }

    /** Record batches as a read-only-by-convention slice of the underlying buffer (no copy); null only when {@code nullable}. */
    public ByteBuffer readRecords(String what, boolean compact, boolean nullable) {
        int start = buffer.position();
        int length = readBytesLength(what, compact);
        if (length < 0) {
            return nullOrFail(what, nullable, start);
        }
        int position = buffer.position();
        ByteBuffer slice = buffer.slice(position, length);
        buffer.position(position + length);
        return slice;
    }

    private <T> T nullOrFail(String what, boolean nullable, int start) {
        if (!nullable) {
            throw new KafkaProtocolException("null for non-nullable " + what + " at position " + start);
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ tagged fields

    /** The number of tagged fields that follow (each takes at least two bytes). */
    public int readTaggedFieldCount() {
        int start = buffer.position();
        int count = readUnsignedVarint();
        if (count < 0 || count > buffer.remaining() / 2) {
            throw new KafkaProtocolException("tagged field count " + Integer.toUnsignedString(count) + " at position "
                    + start + " does not fit the " + buffer.remaining() + " remaining bytes");
        }
        return count;
    }

    /** The size of the tagged field whose tag was just read. */
    public int readTaggedFieldSize() {
        int start = buffer.position();
        int size = readUnsignedVarint();
        if (size < 0 || size > buffer.remaining()) {
            throw new KafkaProtocolException("tagged field size " + Integer.toUnsignedString(size) + " at position "
                    + start + " exceeds the " + buffer.remaining() + " remaining bytes");
        }
        return size;
    }

    /** Checks that a known tagged field's value used exactly the size announced for it. */
    public void expectTaggedFieldEnd(int end, String what) {
        if (buffer.position() != end) {
            throw new KafkaProtocolException("tagged field " + what + " should end at position " + end
                    + " but its value ends at " + buffer.position());
        }
    }

    /** Reads an unknown tagged field's bytes and adds it to {@code fields} (created if null), which it returns. */
    public List<RawTaggedField> readUnknownTaggedField(List<RawTaggedField> fields, int tag, int size) {
        if (tag < 0) {
            throw new KafkaProtocolException("tag " + Integer.toUnsignedString(tag) + " before position " + buffer.position() + " is beyond 2^31");
        }
        checkLength(size, "tagged field " + tag);
        byte[] data = new byte[size];
        buffer.get(data);
        List<RawTaggedField> result = fields == null ? new ArrayList<>(2) : fields;
        result.add(new RawTaggedField(tag, data));
        return result;
    }

    // ------------------------------------------------------------------------------------------ checks

    private void require(int bytes, String type) {
        if (buffer.remaining() < bytes) {
            throw new KafkaProtocolException("truncated " + type + " at position " + buffer.position()
                    + " (" + buffer.remaining() + " of " + bytes + " bytes left)");
        }
    }

    private void checkLength(int length, String what) {
        if (length < 0 || length > buffer.remaining()) {
            throw new KafkaProtocolException("length " + length + " for " + what + " at position " + buffer.position()
                    + " exceeds the " + buffer.remaining() + " remaining bytes");
        }
    }
}
