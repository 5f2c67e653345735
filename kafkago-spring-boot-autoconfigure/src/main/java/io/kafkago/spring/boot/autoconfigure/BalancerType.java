package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Balancer;
import io.kafkago.CRC32Balancer;
import io.kafkago.Hash;
import io.kafkago.LeastBytes;
import io.kafkago.Murmur2Balancer;
import io.kafkago.ReferenceHash;
import io.kafkago.RoundRobin;
import io.kafkago.StickyBalancer;
import java.util.function.Supplier;

/** The balancers {@code kafkago.writer.balancer} can name; each creates a fresh instance per Writer. */
public enum BalancerType {

    /** Keyed messages by Kafka's murmur2 hash, as the Java client places them (the client's default). */
    MURMUR2(Murmur2Balancer::new),
    /** Keyed messages by FNV-1a hash, as kafka-go's Hash balancer places them. */
    HASH(Hash::new),
    /** Keyed messages by FNV-1a hash with {@code (hash & 0x7fffffff) % count}, as sarama's reference hash partitioner. */
    REFERENCE_HASH(ReferenceHash::new),
    /** Keyed messages by CRC32 hash, as librdkafka's consistent partitioner places them. */
    CRC32(CRC32Balancer::new),
    /** Every partition in turn. */
    ROUND_ROBIN(RoundRobin::new),
    /** The partition that received the fewest bytes so far. */
    LEAST_BYTES(LeastBytes::new),
    /** One partition until a batch's worth of bytes went there, then another at random; keys are ignored. */
    STICKY(StickyBalancer::new);

    private final Supplier<Balancer> factory;

    BalancerType(Supplier<Balancer> factory) {
        this.factory = factory;
    }

    /** A new balancer of this type. */
    public Balancer create() {
        return factory.get();
    }
}
