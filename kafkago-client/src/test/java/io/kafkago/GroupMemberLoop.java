package io.kafkago;

import io.kafkago.test.KafkaTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A group member for tests: a thread that fetches, counts each value in a shared map and commits after
 * "processing", and the partitions it owns as its listeners tell them (assigned minus revoked, so it works for eager
 * and incremental rebalances alike), with every revocation recorded.
 */
final class GroupMemberLoop {

    final Reader reader;
    final AtomicInteger count = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Every set of partitions the member was told to give up, in order. */
    final List<Set<TopicPartition>> revocations = new CopyOnWriteArrayList<>();
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    GroupMemberLoop(ReaderConfig.Builder config, Map<String, AtomicInteger> processed) {
        this.reader = new Reader(config.onPartitionsAssigned(owned::addAll).onPartitionsRevoked(partitions -> {
            revocations.add(partitions);
            owned.removeAll(partitions);
        }).build());
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    Message message = reader.fetchMessage(Duration.ofMillis(200));
                    processed.computeIfAbsent(message.valueAsString(), k -> new AtomicInteger()).incrementAndGet();
                    count.incrementAndGet();
                    reader.commitMessages(message);
                } catch (KafkaTimeoutException e) {
                    // nothing to read right now
                } catch (IllegalStateException e) {
                    return; // closed
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }, "member");
        thread.start();
    }

    Set<TopicPartition> owned() {
        return Set.copyOf(owned);
    }

    /** Partitions revoked since the member had seen {@code mark} revocations, all together. */
    Set<TopicPartition> revokedSince(int mark) {
        Set<TopicPartition> all = ConcurrentHashMap.newKeySet();
        revocations.subList(mark, revocations.size()).forEach(all::addAll);
        return all;
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        reader.close();
    }

    /** The union of the members' partitions, checking that no two members own the same one. */
    static Set<TopicPartition> union(GroupMemberLoop... members) {
        Set<TopicPartition> all = ConcurrentHashMap.newKeySet();
        int sum = 0;
        for (GroupMemberLoop member : members) {
            Set<TopicPartition> owned = member.owned();
            all.addAll(owned);
            sum += owned.size();
        }
        if (all.size() != sum) {
            throw new AssertionError("assignments overlap: " + sum + " owned, " + all.size() + " distinct");
        }
        return all;
    }

    /** The group's committed offset of a partition, -1 when none, as kafka-clients' admin reads it. */
    static long committed(KafkaTestCluster cluster, String group, String topic, int partition) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new org.apache.kafka.common.TopicPartition(topic, partition));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new AssertionError("cannot read committed offsets of " + group, e);
        }
    }

    /**
     * Produces values {@code m-0 .. m-(total-1)} round robin over {@code partitions} partitions, pausing every 100 to
     * spread them over the rebalances a test causes, counting acknowledged ones in {@code produced}.
     */
    static void produceSlowly(KafkaTestCluster cluster, String topic, int partitions, int total, AtomicInteger produced,
                              AtomicBoolean producing) {
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
        } finally {
            producing.set(false);
        }
    }
}
