package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array that the codecs append to and that is reused from batch to batch, so
 * steady-state encoding and decoding allocate nothing. Not thread-safe.
 */
final class ByteArrayOutput extends OutputStream {

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
            resize(Math.max(needed, Math.min(MAX_ARRAY_SIZE, (long) array.length << 1)));
        }
    }

    private void resize(long capacity) {
        array = Arrays.copyOf(array, (int) capacity);
    }

    @Override
    public void write(int b) {
        ensureRoom(1);
        array[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(source, offset, array, size, length);
        size += length;
    }

    /**
     * Appends everything {@code in} yields, failing once more than {@code maxBytes} in total would
     * be held: the guard against decompression bombs. The array never grows past {@code maxBytes}.
     */
    void readFully(InputStream in, int maxBytes, String codecName) throws IOException {
        while (true) {
            if (size >= maxBytes) {
                if (in.read() < 0) {
                    return;
                }
                throw limitExceeded(codecName, maxBytes);
            }
            if (size == array.length) {
                resize(Math.min(maxBytes, Math.max(size + 1L, (long) size << 1)));
            }
            int n = in.read(array, size, Math.min(array.length, maxBytes) - size);
            if (n < 0) {
                return;
            }
            size += n;
        }
    }

    /** Fails when {@code size() + extra} would pass {@code maxBytes}; otherwise makes room. */
    void ensureRoomWithin(int extra, int maxBytes, String codecName) {
        if ((long) size + extra > maxBytes) {
            throw limitExceeded(codecName, maxBytes);
        }
        ensureRoom(extra);
    }

    static KafkaProtocolException limitExceeded(String codecName, int maxBytes) {
        return new KafkaProtocolException(codecName + " batch decompresses to more than the limit of "
            + maxBytes + " bytes");
    }
}
