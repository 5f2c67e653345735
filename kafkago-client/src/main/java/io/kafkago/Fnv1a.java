package io.kafkago;

/** The 32-bit FNV-1a hash, used by {@link Hash} and {@link ReferenceHash}. */
final class Fnv1a {

    private static final int OFFSET_BASIS = 0x811c9dc5;
    private static final int PRIME = 0x01000193;

    private Fnv1a() {
    }

    /** FNV-1a of all bytes, as a (possibly negative) int holding the unsigned 32-bit hash. */
    static int hash32(byte[] data) {
        int hash = OFFSET_BASIS;
        for (byte b : data) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash;
    }
}
