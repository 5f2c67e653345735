package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The key-hashing balancers agree with the clients whose partition choice they promise to share. */
class KeyHashBalancerParityTest {

    private static final int ROUNDS = 20_000;

    @Test
    void murmur2MatchesKafkaClients() {
        Random random = new Random(4711);
        Murmur2Balancer balancer = new Murmur2Balancer();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] key = randomKey(random);
            int count = 1 + random.nextInt(300);
            assertThat(Murmur2Balancer.murmur2(key)).isEqualTo(Utils.murmur2(key));
            assertThat(balancer.balance(Message.of(key, null), partitions(count)))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, count));
        }
    }

    @Test
    void murmur2TreatsAnEmptyKeyAsAKey() {
        byte[] empty = new byte[0];
        int[] partitions = partitions(7);
        assertThat(new Murmur2Balancer().balance(Message.of(empty, null), partitions))
                .isEqualTo(BuiltInPartitioner.partitionForKey(empty, 7));
        assertThat(Murmur2Balancer.consistent().balance(Message.of((byte[]) null), partitions))
                .isEqualTo(BuiltInPartitioner.partitionForKey(empty, 7));
    }

    @Test
    void hashIsFnv1aWithSaramasSignedModulo() {
        Random random = new Random(17);
        Hash balancer = new Hash();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] key = randomKey(random);
            int count = 1 + random.nextInt(300);
            long hash = referenceFnv1a(key);
            assertThat(Integer.toUnsignedLong(Fnv1a.hash32(key))).isEqualTo(hash);
            int signed = (int) hash;
            int expected = Math.abs(signed % count);
            assertThat(balancer.balance(Message.of(key, null), partitions(count))).isEqualTo(expected);
        }
    }

    @Test
    void fnv1aMatchesPublishedVectors() {
        assertThat(Integer.toUnsignedLong(Fnv1a.hash32(new byte[0]))).isEqualTo(0x811c9dc5L);
        assertThat(Integer.toUnsignedLong(Fnv1a.hash32("a".getBytes(UTF_8)))).isEqualTo(0xe40c292cL);
        assertThat(Integer.toUnsignedLong(Fnv1a.hash32("foobar".getBytes(UTF_8)))).isEqualTo(0xbf9cf968L);
    }

    @Test
    void hashMatchesKafkaGoExpectations() {
        Hash hash = new Hash();
        assertThat(hash.balance(Message.of("blah", null), partitions(2))).isZero();
        assertThat(hash.balance(Message.of("blah", null), partitions(3))).isEqualTo(1);
        assertThat(hash.balance(Message.of("boop", null), partitions(3))).isEqualTo(2);
    }

    @Test
    void referenceHashMasksTheSignBit() {
        Random random = new Random(23);
        ReferenceHash balancer = new ReferenceHash();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] key = randomKey(random);
            int count = 1 + random.nextInt(300);
            int expected = (int) ((referenceFnv1a(key) & 0x7fffffffL) % count);
            assertThat(balancer.balance(Message.of(key, null), partitions(count))).isEqualTo(expected);
        }
    }

    @Test
    void crc32IsIeeeModuloCount() {
        Random random = new Random(99);
        CRC32Balancer balancer = new CRC32Balancer();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] key = randomKey(random);
            if (key.length == 0) {
                continue;
            }
            int count = 1 + random.nextInt(300);
            CRC32 crc = new CRC32();
            crc.update(key);
            assertThat(Integer.toUnsignedLong(CRC32Balancer.crc32(key))).isEqualTo(crc.getValue());
            assertThat(balancer.balance(Message.of(key, null), partitions(count))).isEqualTo((int) (crc.getValue() % count));
        }
    }

    @Test
    void consistentCrc32SendsMissingAndEmptyKeysToTheFirstPartition() {
        CRC32Balancer consistent = CRC32Balancer.consistent();
        int[] partitions = {3, 5, 8};
        assertThat(consistent.balance(Message.of((byte[]) null), partitions)).isEqualTo(3);
        assertThat(consistent.balance(Message.of(new byte[0], null), partitions)).isEqualTo(3);
    }

    @Test
    void theReturnedValueIsAPartitionIdNotAnIndex() {
        int[] sparse = {2, 4, 9};
        byte[] key = "user-42".getBytes(UTF_8);
        int index = BuiltInPartitioner.partitionForKey(key, sparse.length);
        assertThat(new Murmur2Balancer().balance(Message.of(key, null), sparse)).isEqualTo(sparse[index]);
    }

    @Test
    void unkeyedMessagesGoToTheFallbackBalancer() {
        int[] partitions = partitions(4);
        Hash hash = new Hash();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(hash.balance(Message.of("no key"), partitions));
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);

        Balancer alwaysThree = (message, ids) -> 3;
        assertThat(new Murmur2Balancer(alwaysThree).balance(Message.of("v"), partitions)).isEqualTo(3);
        assertThat(new CRC32Balancer(alwaysThree).balance(Message.of(new byte[0], null), partitions)).isEqualTo(3);
        assertThat(new ReferenceHash(alwaysThree).balance(Message.of("v"), partitions)).isEqualTo(3);
    }

    /** FNV-1a computed with 64-bit arithmetic reduced modulo 2^32, independent of the int overflow in Fnv1a. */
    private static long referenceFnv1a(byte[] data) {
        long hash = 2166136261L;
        for (byte b : data) {
            hash ^= b & 0xff;
            hash = (hash * 16777619L) % (1L << 32);
        }
        return hash;
    }

    private static byte[] randomKey(Random random) {
        byte[] key = new byte[random.nextInt(40)];
        random.nextBytes(key);
        return key;
    }

    private static int[] partitions(int count) {
        return IntStream.range(0, count).toArray();
    }
}
