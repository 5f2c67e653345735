package io.kafkago;

import java.util.Objects;

/**
 * Base of the balancers that hash the message key: equal keys always reach the same partition
 * as long as the partition count stays the same. Messages the hash does not apply to (no key,
 * see {@link #isKeyed}) go to a second balancer, or, for the "consistent" variants, are hashed
 * as the empty key so they all land on one partition.
 */
public abstract sealed class KeyHashBalancer implements Balancer
        permits Hash, ReferenceHash, CRC32Balancer, Murmur2Balancer {

    private static final byte[] EMPTY_KEY = new byte[0];

    /** Where unkeyed messages go; null hashes them as the empty key. */
    private final Balancer unkeyed;

    KeyHashBalancer(Balancer unkeyed) {
        this.unkeyed = unkeyed;
    }

    static Balancer requireUnkeyed(Balancer unkeyed) {
        return Objects.requireNonNull(unkeyed, "balancer for messages without a key must not be null");
    }

    @Override
    public final int balance(Message message, int[] partitions) {
        Balancing.requirePartitions(partitions);
        byte[] key = message.key();
        if (!isKeyed(key)) {
            if (unkeyed != null) {
                return unkeyed.balance(message, partitions);
            }
            key = EMPTY_KEY;
        }
        return partitions[partitionIndex(key, partitions.length)];
    }

    /** Whether the hash applies to this key; by default every non-null key, even an empty one. */
    boolean isKeyed(byte[] key) {
        return key != null;
    }

    /** Index in {@code [0, count)} for a key. */
    abstract int partitionIndex(byte[] key, int count);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[unkeyed=" + (unkeyed == null ? "consistent" : unkeyed) + "]";
    }
}
