package io.kafkago.protocol.record;

/** The 32-bit xxHash, which the LZ4 frame format uses for its header, block and content checksums. */
final class XxHash32 {

    private static final int PRIME1 = 0x9E3779B1;
    private static final int PRIME2 = 0x85EBCA77;
    private static final int PRIME3 = 0xC2B2AE3D;
    private static final int PRIME4 = 0x27D4EB2F;
    private static final int PRIME5 = 0x165667B1;

    private XxHash32() {
    }

    static int hash(byte[] data, int offset, int length, int seed) {
        int position = offset;
        int end = offset + length;
        int hash;
        if (length >= 16) {
            int limit = end - 16;
            int v1 = seed + PRIME1 + PRIME2;
            int v2 = seed + PRIME2;
            int v3 = seed;
            int v4 = seed - PRIME1;
            do {
                v1 = round(v1, LittleEndian.readInt(data, position));
                v2 = round(v2, LittleEndian.readInt(data, position + 4));
                v3 = round(v3, LittleEndian.readInt(data, position + 8));
                v4 = round(v4, LittleEndian.readInt(data, position + 12));
                position += 16;
            } while (position <= limit);
            hash = Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7)
                + Integer.rotateLeft(v3, 12) + Integer.rotateLeft(v4, 18);
        } else {
            hash = seed + PRIME5;
        }
        hash += length;
        while (position <= end - 4) {
            hash += LittleEndian.readInt(data, position) * PRIME3;
            hash = Integer.rotateLeft(hash, 17) * PRIME4;
            position += 4;
        }
        while (position < end) {
            hash += (data[position] & 0xff) * PRIME5;
            hash = Integer.rotateLeft(hash, 11) * PRIME1;
            position++;
        }
        hash ^= hash >>> 15;
        hash *= PRIME2;
        hash ^= hash >>> 13;
        hash *= PRIME3;
        hash ^= hash >>> 16;
        return hash;
    }

    private static int round(int accumulator, int input) {
        accumulator += input * PRIME2;
        accumulator = Integer.rotateLeft(accumulator, 13);
        return accumulator * PRIME1;
    }
}
