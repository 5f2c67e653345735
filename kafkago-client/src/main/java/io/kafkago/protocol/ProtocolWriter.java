package io.kafkago.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A growable big-endian byte buffer that Kafka messages are written into. Reusable: {@link #reset()}
 * keeps the allocated array. Strings are encoded as UTF-8 straight into the buffer; size prefixes are
 * patched in place with {@link #putInt32At(int, int)}; {@link #buffer()} hands out the bytes without copying.
 * Not thread-safe.
 */
public final class ProtocolWriter {

    /** Initial capacity of {@link #ProtocolWriter()}. */
    public static final int DEFAULT_INITIAL_CAPACITY = 512;

    private static final int MAX_CLASSIC_STRING_LENGTH = Short.MAX_VALUE;

    private byte[] array;
    private int size;

    /** A writer with {@link #DEFAULT_INITIAL_CAPACITY} bytes of room. */
    public ProtocolWriter() {
        this(DEFAULT_INITIAL_CAPACITY);
    }

    /** A writer with the given initial room; it grows as needed. */
    public ProtocolWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
        }
        this.array = new byte[initialCapacity];
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** Where the next byte goes (equal to {@link #size()}); remember it to patch a size prefix later. */
    public int position() {
        return size;
    }

    /** Bytes the writer holds room for before it must grow. */
    public int capacity() {
        return array.length;
    }

    /** Forgets what was written and keeps the array for reuse. */
    public void reset() {
        size = 0;
    }

    /** A view of the written bytes [0, size) sharing this writer's array: valid until the next write or reset. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(array, 0, size).slice();
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(array, size);
    }

    /** Overwrites four bytes at {@code position} (which must already be written), e.g. a size prefix. */
    public void putInt32At(int position, int value) {
        if (position < 0 || position > size - 4) {
            throw new IndexOutOfBoundsException("int32 at " + position + " is outside the " + size + " written bytes");
        }
        putInt32(position, value);
    }

    // ------------------------------------------------------------------------------------------ fixed size

    /** A signed byte. */
    public void writeInt8(byte value) {
        ensure(1);
        array[size++] = value;
    }

    /** A boolean as one byte, 1 or 0. */
    public void writeBoolean(boolean value) {
        writeInt8(value ? (byte) 1 : (byte) 0);
    }

    /** A big-endian int16. */
    public void writeInt16(short value) {
        ensure(2);
        array[size] = (byte) (value >>> 8);
        array[size + 1] = (byte) value;
        size += 2;
    }

    /** An unsigned 16-bit value in [0, 65535]. */
    public void writeUnsignedInt16(int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("uint16 out of range: " + value);
        }
        writeInt16((short) value);
    }

    /** A big-endian int32. */
    public void writeInt32(int value) {
        ensure(4);
        putInt32(size, value);
        size += 4;
    }

    /** An unsigned 32-bit value in [0, 2^32 - 1]. */
    public void writeUnsignedInt32(long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("uint32 out of range: " + value);
        }
        writeInt32((int) value);
    }

    /** A big-endian int64. */
    public void writeInt64(long value) {
        ensure(8);
        putInt32(size, (int) (value >>> 32));
        putInt32(size + 4, (int) value);
        size += 8;
    }

    /** An IEEE 754 double, big-endian. */
    public void writeFloat64(double value) {
        writeInt64(Double.doubleToRawLongBits(value));
    }

    /** A UUID as two big-endian int64s, most significant first. */
    public void writeUuid(UUID value) {
        writeInt64(value.getMostSignificantBits());
        writeInt64(value.getLeastSignificantBits());
    }

    // ------------------------------------------------------------------------------------------ varints

    /** An unsigned LEB128 varint (compact lengths, tags, tagged field sizes). */
    public void writeUnsignedVarint(int value) {
        ensure(Varints.MAX_VARINT_BYTES);
        size = Varints.writeUnsignedVarint(array, size, value);
    }

    /** A zig-zag signed varint. */
    public void writeVarint(int value) {
        ensure(Varints.MAX_VARINT_BYTES);
        size = Varints.writeVarint(array, size, value);
    }

    /** A zig-zag signed varlong. */
    public void writeVarlong(long value) {
        ensure(Varints.MAX_VARLONG_BYTES);
        size = Varints.writeVarlong(array, size, value);
    }

    // ------------------------------------------------------------------------------------------ variable size

    /**
     * A string as UTF-8 with an int16 length (classic) or an unsigned varint length + 1 (compact); null is
     * written as the null marker (the caller checks nullability). Unpaired surrogates become '?', as in
     * {@link String#getBytes}.
     */
    public void writeString(String value, boolean compact) {
        if (value == null) {
            writeNullLength(compact, true);
            return;
        }
        int length = Utf8.encodedLength(value);
        if (compact) {
            writeUnsignedVarint(length + 1);
        } else {
            if (length > MAX_CLASSIC_STRING_LENGTH) {
                throw new IllegalArgumentException("string of " + length + " UTF-8 bytes exceeds the int16 length limit");
            }
            writeInt16((short) length);
        }
        ensure(length);
        size = Utf8.encode(value, array, size);
    }

    /** Bytes with an int32 (classic) or compact length; null is written as the null marker. */
    public void writeBytes(byte[] value, boolean compact) {
        if (value == null) {
            writeNullLength(compact, false);
            return;
        }
        writeLength(value.length, compact);
        writeRaw(value, 0, value.length);
    }

    /** Record batches (the buffer's remaining bytes, its position untouched) with an int32 or compact length. */
    public void writeRecords(ByteBuffer records, boolean compact) {
        if (records == null) {
            writeNullLength(compact, false);
            return;
        }
        int length = records.remaining();
        writeLength(length, compact);
        ensure(length);
        records.get(records.position(), array, size, length);
        size += length;
    }

    /** An array count, or -1 for a null array. */
    public void writeArrayLength(int count, boolean compact) {
        if (count < 0) {
            writeNullLength(compact, false);
        } else {
            writeLength(count, compact);
        }
    }

    /** Raw bytes without a length. */
    public void writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, array, size, length);
        size += length;
    }

    private void writeLength(int length, boolean compact) {
        if (compact) {
            writeUnsignedVarint(length + 1);
        } else {
            writeInt32(length);
        }
    }

    private void writeNullLength(boolean compact, boolean int16) {
        if (compact) {
            writeUnsignedVarint(0);
        } else if (int16) {
            writeInt16((short) -1);
        } else {
            writeInt32(-1);
        }
    }

    // ------------------------------------------------------------------------------------------ tagged fields

    /** Starts a tagged field: writes its tag and returns the position its value starts at. */
    public int beginTaggedField(int tag) {
        writeUnsignedVarint(tag);
        return size;
    }

    /** Ends a tagged field begun at {@code start}: inserts the value's size before the value. */
    public void endTaggedField(int start) {
        int length = size - start;
        int prefix = Varints.sizeOfUnsignedVarint(length);
        ensure(prefix);
        System.arraycopy(array, start, array, start + prefix, length);
        Varints.writeUnsignedVarint(array, start, length);
        size += prefix;
    }

    /**
     * Writes the raw tagged fields of {@code fields} from index {@code from} whose tag is below {@code tagLimit}
     * (they are kept in tag order), and returns the index of the first one not written.
     */
    public int writeRawTaggedFields(List<RawTaggedField> fields, int from, int tagLimit) {
        if (fields == null) {
            return from;
        }
        int index = from;
        while (index < fields.size() && fields.get(index).tag() < tagLimit) {
            RawTaggedField field = fields.get(index++);
            writeUnsignedVarint(field.tag());
            writeUnsignedVarint(field.data().length);
            writeRaw(field.data(), 0, field.data().length);
        }
        return index;
    }

    // ------------------------------------------------------------------------------------------ internals

    private void putInt32(int position, int value) {
        array[position] = (byte) (value >>> 24);
        array[position + 1] = (byte) (value >>> 16);
        array[position + 2] = (byte) (value >>> 8);
        array[position + 3] = (byte) value;
    }

    private void ensure(int bytes) {
        if (bytes > array.length - size) {
            grow(bytes);
        }
    }

    private void grow(int bytes) {
        long needed = (long) size + bytes;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("message larger than 2 GiB");
        }
        long doubled = Math.max(16L, (long) array.length * 2);
        array = Arrays.copyOf(array, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, doubled)));
    }
}
