package io.kafkago;

import io.kafkago.test.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * A group member for tests: a thread that fetches, counts each value in a shared map and commits after
 * "processing", and the partitions it owns as its listeners tell them (assigned minus revoked, so it works for eager
 * and incremental rebalances alike), with every revocation recorded. Its helpers read committed offsets.
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
}
