package io.kafkago;

/**
 * Routes by the 32-bit FNV-1a hash of the key with the partition choice of sarama's reference
 * hash partitioner (kafka-go's {@code ReferenceHash}): {@code (hash & 0x7fffffff) % count}.
 * Messages without a key go round robin by default. Thread-safe.
 */
public final class ReferenceHash extends KeyHashBalancer {

    /** Unkeyed messages go to a {@link RoundRobin}. */
    public ReferenceHash() {
        this(new RoundRobin());
    }

    /** Unkeyed messages go to {@code unkeyed}. */
    public ReferenceHash(Balancer unkeyed) {
        super(requireUnkeyed(unkeyed));
    }

    @Override
    int partitionIndex(byte[] key, int count) {
        return (Fnv1a.hash32(key) & 0x7fffffff) % count;
    }
}
