package io.kafkago;

/**
 * Routes by the CRC-32 (IEEE) of the key modulo the partition count, like librdkafka's
 * {@code consistent_random} and {@code consistent} partitioners, so keyed messages land where
 * librdkafka-based producers put them. As in librdkafka, empty keys count as missing: by
 * default they go to a {@link StickyBalancer} (librdkafka also sticks for unkeyed messages);
 * {@link #consistent()} sends them all to the first partition instead. Thread-safe and
 * allocation-free.
 */
public final class CRC32Balancer extends KeyHashBalancer {

    private static final int[] TABLE = table();

    /** Messages without a key (or with an empty one) go to a {@link StickyBalancer}. */
    public CRC32Balancer() {
        this(new StickyBalancer());
    }

    /** Messages without a key (or with an empty one) go to {@code unkeyed}. */
    public CRC32Balancer(Balancer unkeyed) {
        super(requireUnkeyed(unkeyed));
    }

    /** With {@code consistent} set, missing keys are hashed as the empty key. */
    private CRC32Balancer(boolean consistent) {
        super(consistent ? null : new StickyBalancer());
    }

    /** librdkafka's {@code consistent}: missing and empty keys all go to the first partition. */
    public static CRC32Balancer consistent() {
        return new CRC32Balancer(true);
    }

    @Override
    boolean isKeyed(byte[] key) {
        return key != null && key.length > 0;
    }

    @Override
    int partitionIndex(byte[] key, int count) {
        return (int) Long.remainderUnsigned(Integer.toUnsignedLong(crc32(key)), count);
    }

    /** CRC-32 IEEE, table driven (equal to {@link java.util.zip.CRC32} without an object per call). */
    static int crc32(byte[] data) {
        int crc = 0xffffffff;
        for (byte b : data) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ b) & 0xff];
        }
        return ~crc;
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
