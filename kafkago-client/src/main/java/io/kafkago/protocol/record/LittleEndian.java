package io.kafkago.protocol.record;

/** Little-endian ints in byte arrays, as the gzip, LZ4 and zstd formats store them. */
final class LittleEndian {

    private LittleEndian() {
    }

    static int readInt(byte[] array, int at) {
        return (array[at] & 0xff) | (array[at + 1] & 0xff) << 8 | (array[at + 2] & 0xff) << 16
            | (array[at + 3] & 0xff) << 24;
    }

    static int readUnsignedShort(byte[] array, int at) {
        return (array[at] & 0xff) | (array[at + 1] & 0xff) << 8;
    }

    static long readLong(byte[] array, int at) {
        return (readInt(array, at) & 0xffffffffL) | (long) readInt(array, at + 4) << 32;
    }

    static void writeInt(byte[] array, int at, int value) {
        array[at] = (byte) value;
        array[at + 1] = (byte) (value >>> 8);
        array[at + 2] = (byte) (value >>> 16);
        array[at + 3] = (byte) (value >>> 24);
    }
}
