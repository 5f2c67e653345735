package io.kafkago.protocol;

import io.kafkago.KafkaProtocolException;
import java.nio.ByteBuffer;

/**
 * Variable-length integers as the Kafka protocol uses them: unsigned LEB128 ("unsigned varint",
 * used by compact strings, arrays and tagged fields) and zig-zag signed varints/varlongs (used inside
 * record batches). Readers reject encodings longer than 5 (int) or 10 (long) bytes and input that ends
 * mid-number with a {@link KafkaProtocolException} naming the buffer position where the number starts.
 * Nothing here allocates.
 */
public final class Varints {

    /** Longest encoding of a 32-bit value. */
    public static final int MAX_VARINT_BYTES = 5;
    /** Longest encoding of a 64-bit value. */
    public static final int MAX_VARLONG_BYTES = 10;

    private Varints() {
    }

    // ---------------------------------------------------------------- reading from a ByteBuffer

    /** Reads an unsigned varint (up to 5 bytes) at the buffer's position and advances it. */
    public static int readUnsignedVarint(ByteBuffer buffer) {
        int start = buffer.position();
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!buffer.hasRemaining()) {
                throw truncated("varint", start);
            }
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw tooLong("varint", MAX_VARINT_BYTES, start);
    }

    /** Reads a zig-zag encoded signed varint at the buffer's position and advances it. */
    public static int readVarint(ByteBuffer buffer) {
        int raw = readUnsignedVarint(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads an unsigned 64-bit varint (up to 10 bytes) at the buffer's position and advances it. */
    public static long readUnsignedVarlong(ByteBuffer buffer) {
        int start = buffer.position();
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!buffer.hasRemaining()) {
                throw truncated("varlong", start);
            }
            byte b = buffer.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw tooLong("varlong", MAX_VARLONG_BYTES, start);
    }

    /** Reads a zig-zag encoded signed varlong at the buffer's position and advances it. */
    public static long readVarlong(ByteBuffer buffer) {
        long raw = readUnsignedVarlong(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    // ---------------------------------------------------------------- writing to a ByteBuffer

    /** Writes {@code value} as an unsigned varint (negative values take 5 bytes). */
    public static void writeUnsignedVarint(ByteBuffer buffer, int value) {
        while ((value & ~0x7f) != 0) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    /** Writes {@code value} zig-zag encoded as a signed varint. */
    public static void writeVarint(ByteBuffer buffer, int value) {
        writeUnsignedVarint(buffer, zigZag(value));
    }

    /** Writes {@code value} as an unsigned 64-bit varint. */
    public static void writeUnsignedVarlong(ByteBuffer buffer, long value) {
        while ((value & ~0x7fL) != 0) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    /** Writes {@code value} zig-zag encoded as a signed varlong. */
    public static void writeVarlong(ByteBuffer buffer, long value) {
        writeUnsignedVarlong(buffer, zigZag(value));
    }

    // ---------------------------------------------------------------- writing to a byte array

    /**
     * Writes {@code value} as an unsigned varint into {@code array} at {@code offset}; the caller
     * guarantees room for {@link #sizeOfUnsignedVarint(int)} bytes.
     *
     * @return the offset just after the written bytes
     */
    public static int writeUnsignedVarint(byte[] array, int offset, int value) {
        while ((value & ~0x7f) != 0) {
            array[offset++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        array[offset++] = (byte) value;
        return offset;
    }

    /** Zig-zag signed varint into an array; returns the offset after it. */
    public static int writeVarint(byte[] array, int offset, int value) {
        return writeUnsignedVarint(array, offset, zigZag(value));
    }

    /** Unsigned 64-bit varint into an array (room as for {@link #writeUnsignedVarint(byte[], int, int)}); returns the offset after it. */
    public static int writeUnsignedVarlong(byte[] array, int offset, long value) {
        while ((value & ~0x7fL) != 0) {
            array[offset++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        array[offset++] = (byte) value;
        return offset;
    }

    /** Zig-zag signed varlong into an array; returns the offset after it. */
    public static int writeVarlong(byte[] array, int offset, long value) {
        return writeUnsignedVarlong(array, offset, zigZag(value));
    }

    // ---------------------------------------------------------------- sizes

    /** Bytes {@code value} takes as an unsigned varint (1 to 5). */
    public static int sizeOfUnsignedVarint(int value) {
        // Each byte carries 7 bits: ceil(significantBits / 7), at least 1.
        int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /** Bytes {@code value} takes as a zig-zag signed varint (1 to 5). */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint(zigZag(value));
    }

    /** Bytes {@code value} takes as an unsigned varlong (1 to 10). */
    public static int sizeOfUnsignedVarlong(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /** Bytes {@code value} takes as a zig-zag signed varlong (1 to 10). */
    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong(zigZag(value));
    }

    // ---------------------------------------------------------------- helpers

    private static int zigZag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static KafkaProtocolException truncated(String what, int start) {
        return new KafkaProtocolException("input ends inside a " + what + " at position " + start);
    }

    private static KafkaProtocolException tooLong(String what, int maxBytes, int start) {
        return new KafkaProtocolException(what + " longer than " + maxBytes + " bytes at position " + start);
    }
}
