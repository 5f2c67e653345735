package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the group tests check members against: a producer writing {@code m-0 .. m-(total-1)} slowly over a topic's
 * partitions while members come and go, the values the members processed, and at the end the delivery check: every
 * message processed at least once, duplicates no more than the messages whose commits the rebalances left out, and
 * no member saw an error.
 */
final class GroupWorkload {

    /** Processing count per value, shared by the members ({@link GroupMemberLoop}). */
    final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
    private final int total;
    private final AtomicInteger produced = new AtomicInteger();
    private final Thread producer;

    private GroupWorkload(KafkaTestCluster cluster, String topic, int partitions, int total) {
        this.total = total;
        this.producer = new Thread(() -> produceSlowly(cluster, topic, partitions, total, produced), "test-producer");
    }

    /** Starts producing {@code total} messages over the topic's {@code partitions} partitions. */
    static GroupWorkload start(KafkaTestCluster cluster, String topic, int partitions, int total) {
        GroupWorkload workload = new GroupWorkload(cluster, topic, partitions, total);
        workload.producer.start();
        return workload;
    }

    /** Waits until everything was produced and processed, then stops the members still running. */
    void awaitAllProcessed(Duration wait, GroupMemberLoop... running) throws InterruptedException {
        producer.join(TimeUnit.MINUTES.toMillis(5));
        assertThat(produced.get()).isEqualTo(total);
        Await.until(wait, "all " + total + " messages processed", () -> processed.size() == total);
        for (GroupMemberLoop member : running) {
            member.stop();
        }
    }

    /** Every message processed, duplicates within what the members' rebalances left uncommitted, no member failed. */
    void assertNothingLost(String name, GroupMemberLoop... members) {
        for (int i = 0; i < total; i++) {
            assertThat(processed).containsKey("m-" + i);
        }
        long duplicates = processed.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1)
                .mapToLong(n -> n - 1).sum();
        long uncommitted = 0;
        StringBuilder rebalances = new StringBuilder();
        for (GroupMemberLoop member : members) {
            uncommitted += member.reader.stats().staleCommits();
            rebalances.append(' ').append(member.reader.stats().rebalances());
            assertThat(member.failure.get()).isNull();
        }
        System.out.printf("%s: %d messages, %d duplicates, %d messages uncommitted at rebalances, rebalances%s%n",
                name, total, duplicates, uncommitted, rebalances);
        assertThat(duplicates).isLessThanOrEqualTo(uncommitted);
    }

    /**
     * Produces values {@code m-0 .. m-(total-1)} round robin over {@code partitions} partitions, pausing every 100 to
     * spread them over the rebalances a test causes, counting acknowledged ones in {@code produced}.
     */
    private static void produceSlowly(KafkaTestCluster cluster, String topic, int partitions, int total,
                                      AtomicInteger produced) {
        // Plain (non-idempotent) producer: a retried batch may repeat or reorder, which these tests tolerate, and
        // it cannot wedge on OUT_OF_ORDER_SEQUENCE_NUMBER when the shared machine slows the broker down.
        Map<String, Object> plain = Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<byte[], byte[]> producer = ReaderTestSupport.producer(cluster, plain)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, null, ReaderTestSupport.utf8("m-" + i))));
                if (i % 100 == 99) {
                    Thread.sleep(40);
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(); // bounded by the producer's delivery.timeout.ms
                produced.incrementAndGet();
            }
        } catch (Exception e) {
            throw new AssertionError("producing failed", e);
        }
    }
}
