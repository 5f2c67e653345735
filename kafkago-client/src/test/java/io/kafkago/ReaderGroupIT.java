package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The group-mode Reader against a real broker: rebalances, commits, restarts, stale generations. */
@KafkaTest
class ReaderGroupIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    KafkaTestCluster cluster;

    @Test
    void membersSplitPartitionsRebalanceOnJoinAndLeaveAndLoseNothing() throws Exception {
        String topic = cluster.createUniqueTopic("group-split", 6);
        String group = topic + "-g";
        GroupWorkload workload = GroupWorkload.start(cluster, topic, 6, 6_000);
        Map<String, AtomicInteger> processed = workload.processed;

        GroupMemberLoop a = new GroupMemberLoop(groupReader(topic, group), processed);
        GroupMemberLoop b = new GroupMemberLoop(groupReader(topic, group), processed);
        Await.until(WAIT, "two members sharing 6 partitions", () -> a.owned().size() == 3 && b.owned().size() == 3);
        assertThat(GroupMemberLoop.union(a, b)).hasSize(6);

        GroupMemberLoop c = new GroupMemberLoop(groupReader(topic, group), processed);
        Await.until(WAIT, "three members with 2 partitions each",
                () -> a.owned().size() == 2 && b.owned().size() == 2 && c.owned().size() == 2);
        assertThat(GroupMemberLoop.union(a, b, c)).hasSize(6);
        Await.until(WAIT, "every member consuming", () -> c.count.get() > 0);

        b.stop();
        Await.until(WAIT, "partitions of the leaving member moving back",
                () -> a.owned().size() == 3 && c.owned().size() == 3);
        assertThat(GroupMemberLoop.union(a, c)).hasSize(6);

        workload.awaitAllProcessed(WAIT, a, c);
        workload.assertNothingLost("group test", a, b, c);
    }

    @Test
    void cooperativeMembersKeepTheirPartitionsWhileOthersJoinAndLeave() throws Exception {
        IncrementalRebalanceScenario.run(cluster, "group-cooperative",
                (topic, group) -> groupReader(topic, group).groupBalancers(new CooperativeStickyGroupBalancer()));
    }

    @Test
    void closedReaderResumesExactlyAfterTheLastCommittedMessage() throws Exception {
        String topic = cluster.createUniqueTopic("group-restart", 1);
        String group = topic + "-g";
        ReaderTestSupport.produce(cluster, topic, 0, 0, 30);
        try (Reader first = new Reader(groupReader(topic, group).build())) {
            for (int i = 0; i < 10; i++) {
                assertThat(first.readMessage(WAIT).offset()).isEqualTo(i); // commits as it reads
            }
        }
        assertThat(committed(group, topic, 0)).isEqualTo(10);
        try (Reader periodic = new Reader(groupReader(topic, group).commitInterval(Duration.ofMinutes(10)).build())) {
            for (int i = 10; i < 20; i++) {
                Message message = periodic.fetchMessage(WAIT);
                assertThat(message.offset()).isEqualTo(i);
                periodic.commitMessages(message); // stashed; flushed by close
            }
        }
        assertThat(committed(group, topic, 0)).isEqualTo(20);
        try (Reader resumed = new Reader(groupReader(topic, group).build())) {
            assertThat(resumed.readMessage(WAIT).valueAsString()).isEqualTo("value-20");
        }
    }

    @Test
    void anAsyncReadCompletesOnceItsMessageIsCommittedAndACancelledOneLeavesItsMessageForTheNextRead()
            throws Exception {
        String topic = cluster.createUniqueTopic("group-async", 1);
        String group = topic + "-g";
        try (Reader reader = new Reader(groupReader(topic, group).build())) {
            CompletableFuture<Message> abandoned = reader.readMessageAsync();
            assertThat(abandoned.cancel(true)).isTrue();
            ReaderTestSupport.produce(cluster, topic, 0, 0, 3);
            for (int i = 0; i < 3; i++) {
                Message message = reader.readMessageAsync().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(message.offset()).isEqualTo(i);
                assertThat(committed(group, topic, 0)).as("committed before the future completed").isEqualTo(i + 1);
            }
        }
    }

    @Test
    void periodicCommitsReachTheCoordinatorInTheBackground() throws Exception {
        String topic = cluster.createUniqueTopic("group-periodic", 1);
        String group = topic + "-g";
        ReaderTestSupport.produce(cluster, topic, 0, 0, 5);
        try (Reader reader = new Reader(groupReader(topic, group).commitInterval(Duration.ofMillis(200)).build())) {
            for (int i = 0; i < 5; i++) {
                reader.readMessage(WAIT);
            }
            Await.until(WAIT, "the periodic commit of offset 5", () -> committed(group, topic, 0) == 5);
            assertThat(reader.stats().commits()).isPositive();
        }
    }

    @Test
    void messageOfAnEndedGenerationNeverRewindsTheNewOwnersCommit() throws Exception {
        String topic = cluster.createUniqueTopic("group-rewind", 2);
        String group = topic + "-g";
        ReaderTestSupport.produce(cluster, topic, 0, 0, 10);
        ReaderTestSupport.produce(cluster, topic, 1, 0, 10);
        try (Reader a = new Reader(groupReader(topic, group).build())) {
            List<Message> fetchedInFirstGeneration = new ArrayList<>();
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            while (seen.size() < 2) {
                Message message = a.fetchMessage(WAIT);
                if (seen.add(message.partition())) {
                    fetchedInFirstGeneration.add(message); // offset 0 of each partition, not committed
                }
            }
            Set<TopicPartition> ownedByB = ConcurrentHashMap.newKeySet();
            try (Reader b = new Reader(groupReader(topic, group).onPartitionsAssigned(ownedByB::addAll).build())) {
                Await.until(WAIT, "second member assigned a partition", () -> !ownedByB.isEmpty());
                int movedPartition = ownedByB.iterator().next().partition();
                for (int i = 0; i < 10; i++) {
                    b.readMessage(WAIT);
                }
                assertThat(committed(group, topic, movedPartition)).isEqualTo(10);

                a.commitMessages(fetchedInFirstGeneration);

                assertThat(committed(group, topic, movedPartition)).as("no rewind to 1").isEqualTo(10);
                assertThat(a.stats().staleCommits()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void slowProcessingLongerThanTheSessionDoesNotCostTheMembership() throws Exception {
        String topic = cluster.createUniqueTopic("group-slow", 1);
        String group = topic + "-g";
        ReaderTestSupport.produce(cluster, topic, 0, 0, 2);
        try (Reader reader = new Reader(groupReader(topic, group).sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500)).build())) {
            Message first = reader.fetchMessage(WAIT);
            Thread.sleep(Duration.ofSeconds(8).toMillis()); // a handler slower than the session timeout
            reader.commitMessages(first);

            assertThat(committed(group, topic, 0)).isEqualTo(1);
            assertThat(reader.stats().rebalances()).as("still the first generation").isEqualTo(1);
            assertThat(reader.stats().staleCommits()).isZero();
            assertThat(reader.readMessage(WAIT).offset()).isEqualTo(1);
        }
    }

    @Test
    void newPartitionsAreAssignedAfterTheWatchNoticesThem() throws Exception {
        String topic = cluster.createUniqueTopic("group-watch", 1);
        String group = topic + "-g";
        List<Set<TopicPartition>> assigned = new CopyOnWriteArrayList<>();
        List<Set<TopicPartition>> revoked = new CopyOnWriteArrayList<>();
        try (Reader reader = new Reader(groupReader(topic, group).partitionWatchInterval(Duration.ofMillis(300))
                .onPartitionsAssigned(assigned::add).onPartitionsRevoked(revoked::add).build())) {
            Await.until(WAIT, "first assignment", () -> !assigned.isEmpty());
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(2)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            Await.until(WAIT, "both partitions assigned", () -> assigned.get(assigned.size() - 1).size() == 2);
            assertThat(revoked).first().isEqualTo(Set.of(new TopicPartition(topic, 0)));
            ReaderTestSupport.produce(cluster, topic, 1, 0, 1);
            Message message = reader.readMessage(WAIT);
            assertThat(message.partition()).isEqualTo(1);
            assertThat(message.valueAsString()).isEqualTo("value-0");
        }
    }

    @Test
    void staticMemberStaysRegisteredOnCloseAndComesBackWithoutARebalance() throws Exception {
        String topic = cluster.createUniqueTopic("group-static", 1);
        String group = topic + "-g";
        ReaderTestSupport.produce(cluster, topic, 0, 0, 3);
        try (Reader first = new Reader(groupReader(topic, group).groupInstanceId("instance-1").build())) {
            assertThat(first.readMessage(WAIT).offset()).isZero();
        }
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            var description = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
            assertThat(description.members()).singleElement()
                    .satisfies(member -> assertThat(member.groupInstanceId()).contains("instance-1"));
        }
        try (Reader again = new Reader(groupReader(topic, group).groupInstanceId("instance-1").build())) {
            assertThat(again.readMessage(WAIT).offset()).isEqualTo(1);
            assertThat(again.stats().rebalances()).isEqualTo(1);
        }
    }

    @Test
    void closeDuringBlockedReadLeavesTheGroup() throws Exception {
        String topic = cluster.createUniqueTopic("group-close", 1);
        Reader reader = new Reader(groupReader(topic, topic + "-g").build());
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread blocked = new Thread(() -> {
            try {
                reader.readMessage();
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        blocked.start();
        while (blocked.getState() != Thread.State.TIMED_WAITING && blocked.getState() != Thread.State.WAITING) {
            assertThat(blocked.isAlive()).as("reading thread still blocked").isTrue();
            Thread.sleep(5);
        }
        reader.close();
        blocked.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(blocked.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(IllegalStateException.class);
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            try {
                assertThat(admin.describeConsumerGroups(List.of(topic + "-g")).all().get(30, TimeUnit.SECONDS)
                        .get(topic + "-g").members()).isEmpty();
            } catch (java.util.concurrent.ExecutionException e) {
                // the coordinator may delete a classic group as soon as its last member left
                assertThat(e.getCause()).isInstanceOf(org.apache.kafka.common.errors.GroupIdNotFoundException.class);
            }
        }
    }

    @Test
    void partitionModeOperationsAreRefusedInGroupMode() {
        try (Reader reader = new Reader(groupReader("unused-" + System.nanoTime(), "g-" + System.nanoTime()).build())) {
            assertThatThrownBy(() -> reader.setOffset(1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(reader::readLag).isInstanceOf(IllegalStateException.class);
            assertThat(reader.offset()).isEqualTo(-1);
        }
    }

    private ReaderConfig.Builder groupReader(String topic, String group) {
        return ReaderConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic).groupId(group)
                .heartbeatInterval(Duration.ofMillis(300)).sessionTimeout(Duration.ofSeconds(10))
                .rebalanceTimeout(Duration.ofSeconds(20)).joinGroupBackoff(Duration.ofMillis(200))
                .maxWait(Duration.ofMillis(200));
    }

    private long committed(String group, String topic, int partition) {
        return GroupMemberLoop.committed(cluster, group, topic, partition);
    }
}
