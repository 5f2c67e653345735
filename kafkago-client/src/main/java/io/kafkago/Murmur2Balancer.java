package io.kafkago;

/**
 * Routes keyed messages exactly like the Java client's default partitioner:
 * {@code (murmur2(key) & 0x7fffffff) % count} with Kafka's murmur2 (seed {@code 0x9747b28c}), so
 * both clients put equal keys on the same partition. An empty key is a key. Messages without a
 * key go to a {@link StickyBalancer} by default, which is what the Java client does too;
 * {@link #consistent()} hashes them as the empty key instead (librdkafka's {@code murmur2}).
 * This is the writer's default balancer. Thread-safe and allocation-free for keyed messages.
 */
public final class Murmur2Balancer extends KeyHashBalancer {

    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    /** Messages without a key go to a {@link StickyBalancer}. */
    public Murmur2Balancer() {
        this(new StickyBalancer());
    }

    /** Messages without a key go to {@code unkeyed}. */
    public Murmur2Balancer(Balancer unkeyed) {
        super(requireUnkeyed(unkeyed));
    }

    /** With {@code consistent} set, missing keys are hashed as the empty key. */
    private Murmur2Balancer(boolean consistent) {
        super(consistent ? null : new StickyBalancer());
    }

    /** Messages without a key are hashed as the empty key, so they all share one partition. */
    public static Murmur2Balancer consistent() {
        return new Murmur2Balancer(true);
    }

    @Override
    int partitionIndex(byte[] key, int count) {
        return (murmur2(key) & 0x7fffffff) % count;
    }

    /** Kafka's 32-bit murmur2 variant of a byte array. */
    static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int at = i << 2;
            int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | (data[at + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = length & ~3;
        int remaining = length & 3;
        if (remaining > 0) {
            if (remaining == 3) {
                h ^= (data[tail + 2] & 0xff) << 16;
            }
            if (remaining >= 2) {
                h ^= (data[tail + 1] & 0xff) << 8;
            }
            h ^= data[tail] & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
