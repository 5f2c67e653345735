package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;
import java.util.Arrays;

/**
 * A growable byte array that the codecs append to and that is reused from batch to batch, so
 * steady-state encoding and decoding allocate nothing. Not thread-safe.
 */
final class ByteArrayOutput {

    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 16;

    private byte[] array;
    private int size;

    ByteArrayOutput(int initialCapacity) {
        array = new byte[Math.max(16, initialCapacity)];
    }

    /** The backing array; valid bytes are {@code [0, size())}. Changes when the buffer grows. */
    byte[] array() {
        return array;
    }

    int size() {
        return size;
    }

    /** Moves the end; the caller has written (or reserved) bytes up to {@code newSize}. */
    void setSize(int newSize) {
        if (newSize < 0 || newSize > array.length) {
            throw new IndexOutOfBoundsException("size " + newSize + " outside 0.." + array.length);
        }
        size = newSize;
    }

    void clear() {
        size = 0;
    }

    /** Makes room for {@code extra} more bytes after {@link #size()}, growing geometrically. */
    void ensureRoom(int extra) {
        long needed = (long) size + extra;
        if (needed > array.length) {
            if (needed > MAX_ARRAY_SIZE) {
                throw new IllegalArgumentException("record batch would exceed " + MAX_ARRAY_SIZE + " bytes");
            }
            grow(needed, MAX_ARRAY_SIZE);
        }
    }

    /**
     * Makes room for {@code extra} more bytes without the array growing past {@code maxBytes}, and
     * fails when {@code size() + extra} would pass it: the guard decompressors use against bombs.
     */
    void ensureRoomWithin(int extra, int maxBytes, String codecName) {
        long needed = (long) size + extra;
        if (needed > maxBytes) {
            throw limitExceeded(codecName, maxBytes);
        }
        if (needed > array.length) {
            grow(needed, maxBytes);
        }
    }

    private void grow(long needed, int cap) {
        long doubled = Math.min(cap, (long) array.length << 1);
        array = Arrays.copyOf(array, (int) Math.max(needed, doubled));
    }

    static KafkaProtocolException limitExceeded(String codecName, int maxBytes) {
        return new KafkaProtocolException(codecName + " batch decompresses to more than the limit of "
            + maxBytes + " bytes");
    }
}
