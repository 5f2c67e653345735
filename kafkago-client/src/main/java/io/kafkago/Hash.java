package io.kafkago;

/**
 * Routes by the 32-bit FNV-1a hash of the key, with the partition choice of kafka-go's
 * {@code Hash} and sarama's hash partitioner: the hash taken as a signed 32-bit int, modulo the
 * partition count, negated when negative. Producers using those libraries send equal keys to
 * the same partitions. Messages without a key go round robin by default. Thread-safe.
 */
public final class Hash extends KeyHashBalancer {

    /** Unkeyed messages go to a {@link RoundRobin}. */
    public Hash() {
        this(new RoundRobin());
    }

    /** Unkeyed messages go to {@code unkeyed}. */
    public Hash(Balancer unkeyed) {
        super(requireUnkeyed(unkeyed));
    }

    @Override
    int partitionIndex(byte[] key, int count) {
        int index = Fnv1a.hash32(key) % count;
        return index < 0 ? -index : index;
    }
}
