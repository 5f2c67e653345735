package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;

/** The group-mode Reader with the consumer group protocol of KIP-848 against a real Kafka 4 broker. */
@KafkaTest
class ReaderConsumerProtocolIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    KafkaTestCluster cluster;

    @Test
    void membersThatKeepTheirPartitionsAreNeverStoppedWhileOthersJoinAndLeaveAndNothingIsLost() throws Exception {
        IncrementalRebalanceScenario.run(cluster, "kip848-split", this::groupReader);
    }

    @Test
    void aLiveClassicGroupMovesToTheConsumerProtocolMemberByMemberWithoutLosingAMessage() throws Exception {
        String topic = cluster.createUniqueTopic("kip848-upgrade", 4);
        String group = topic + "-g";
        GroupWorkload workload = GroupWorkload.start(cluster, topic, 4, 4_000);
        Map<String, AtomicInteger> processed = workload.processed;
        ReaderConfig classic = ReaderConfig.builder().brokers(cluster.bootstrapServers().split(","))
                .topic(topic).groupId(group).maxWait(Duration.ofMillis(200)).heartbeatInterval(Duration.ofMillis(500))
                .sessionTimeout(Duration.ofSeconds(10)).build();
        GroupMemberLoop a = new GroupMemberLoop(classic.toBuilder(), processed);
        GroupMemberLoop b = new GroupMemberLoop(classic.toBuilder(), processed);
        Await.until(WAIT, "two classic members sharing the partitions", () -> a.owned().size() == 2 && b.owned().size() == 2);
        assertThat(describe(group).type()).isEqualTo(GroupType.CLASSIC);

        GroupMemberLoop c = new GroupMemberLoop(groupReader(topic, group), processed);
        Await.until(WAIT, "the consumer-protocol member owning partitions in the classic group",
                () -> !c.owned().isEmpty() && GroupMemberLoop.union(a, b, c).size() == 4);
        assertThat(describe(group).type()).as("converted by the first consumer-protocol member")
                .isEqualTo(GroupType.CONSUMER);
        a.stop();
        GroupMemberLoop d = new GroupMemberLoop(groupReader(topic, group), processed);
        Await.until(WAIT, "partitions shared after a classic member left", () -> !d.owned().isEmpty()
                && GroupMemberLoop.union(b, c, d).size() == 4);
        b.stop();
        Await.until(WAIT, "only consumer-protocol members left", () -> GroupMemberLoop.union(c, d).size() == 4);

        workload.awaitAllProcessed(WAIT, c, d);
        workload.assertNothingLost("upgrade test", a, b, c, d);
    }

    @Test
    void commitsCarryTheMemberEpochAndAClosedReaderResumesAfterTheLastCommittedMessage() throws Exception {
        String topic = cluster.createUniqueTopic("kip848-restart", 1);
        String group = topic + "-g";
        ReaderTestSupport.produce(cluster, topic, 0, 0, 30);
        try (Reader first = new Reader(groupReader(topic, group).build())) {
            for (int i = 0; i < 10; i++) {
                assertThat(first.readMessage(WAIT).offset()).isEqualTo(i);
            }
        }
        assertThat(GroupMemberLoop.committed(cluster, group, topic, 0)).isEqualTo(10);
        try (Reader periodic = new Reader(groupReader(topic, group).groupRemoteAssignor("range")
                .commitInterval(Duration.ofMillis(200)).build())) {
            for (int i = 10; i < 20; i++) {
                assertThat(periodic.readMessage(WAIT).offset()).isEqualTo(i);
            }
            Await.until(WAIT, "the periodic commit of offset 20",
                    () -> GroupMemberLoop.committed(cluster, group, topic, 0) == 20);
            assertThat(describe(group).partitionAssignor()).as("the coordinator's assignor the member chose")
                    .isEqualTo("range");
        }
        assertThat(describe(group).type()).isEqualTo(GroupType.CONSUMER);
        try (Reader resumed = new Reader(groupReader(topic, group).build())) {
            assertThat(resumed.readMessage(WAIT).valueAsString()).isEqualTo("value-20");
        }
    }

    @Test
    void aStaticMemberThatRestartsGetsItsPartitionsBackWithoutMovingTheOthers() throws Exception {
        String topic = cluster.createUniqueTopic("kip848-static", 2);
        String group = topic + "-g";
        Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
        GroupMemberLoop a = new GroupMemberLoop(groupReader(topic, group).groupInstanceId("a"), processed);
        GroupMemberLoop b = new GroupMemberLoop(groupReader(topic, group).groupInstanceId("b"), processed);
        Await.until(WAIT, "one partition each", () -> a.owned().size() == 1 && b.owned().size() == 1);
        Set<TopicPartition> ownedByB = b.owned();
        int revocationsOfA = a.revocations.size(); // a may have given b its partition when b joined
        b.stop(); // leaves with epoch -2: the coordinator keeps b's partition for it

        ReaderTestSupport.produce(cluster, topic, ownedByB.iterator().next().partition(), 0, 3);
        GroupMemberLoop again = new GroupMemberLoop(groupReader(topic, group).groupInstanceId("b"), processed);
        Await.until(WAIT, "the restarted member owning its partition again", () -> again.owned().equals(ownedByB));
        Await.until(WAIT, "its messages read", () -> processed.size() == 3);
        assertThat(a.revokedSince(revocationsOfA)).as("the other member kept its partition throughout").isEmpty();
        assertThat(a.owned()).hasSize(1);
        a.stop();
        again.stop();
    }

    @Test
    void partitionsAddedToTheTopicAreAssignedWithoutTheMemberAsking() throws Exception {
        String topic = cluster.createUniqueTopic("kip848-grow", 1);
        Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        try (Reader reader = new Reader(groupReader(topic, topic + "-g").onPartitionsAssigned(assigned::addAll).build())) {
            Await.until(WAIT, "the first partition assigned", () -> assigned.contains(new TopicPartition(topic, 0)));
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(2)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            Await.until(WAIT, "the new partition assigned", () -> assigned.contains(new TopicPartition(topic, 1)));
            ReaderTestSupport.produce(cluster, topic, 1, 0, 1);
            Message message = reader.readMessage(WAIT);
            assertThat(message.partition()).isEqualTo(1);
            assertThat(reader.assignment()).hasSize(2);
        }
    }

    @Test
    void aPatternSubscriptionPicksUpATopicCreatedLater() throws Exception {
        String prefix = "kip848-pattern-" + System.nanoTime();
        cluster.createTopic(prefix + "-a", 1);
        Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(cluster.bootstrapServers().split(","))
                .groupId(prefix + "-g").groupProtocol(GroupProtocol.CONSUMER).groupTopicPattern(prefix + "-.*")
                .maxWait(Duration.ofMillis(200)).onPartitionsAssigned(assigned::addAll).build())) {
            Await.until(WAIT, "the first topic assigned", () -> assigned.contains(new TopicPartition(prefix + "-a", 0)));
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(prefix + "-b", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            ReaderTestSupport.produce(cluster, prefix + "-b", 0, 0, 1);
            Message message = reader.readMessage(WAIT);
            assertThat(message.topic()).isEqualTo(prefix + "-b");
            assertThat(message.valueAsString()).isEqualTo("value-0");
        }
    }

    @Test
    void aPausedPartitionHoldsItsMessagesWhileTheOthersFlowAndResumesWhereItStopped() throws Exception {
        String topic = cluster.createUniqueTopic("kip848-pause", 2);
        TopicPartition held = new TopicPartition(topic, 0);
        ReaderTestSupport.produce(cluster, topic, 0, 0, 5);
        Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
        try (Reader reader = new Reader(groupReader(topic, topic + "-g").onPartitionsAssigned(assigned::addAll).build())) {
            Await.until(WAIT, "both partitions assigned", () -> assigned.size() == 2);
            Message first = reader.readMessage(WAIT);
            assertThat(first.partition()).isZero();
            reader.pause(held);
            assertThat(reader.paused()).containsExactly(held);
            ReaderTestSupport.produce(cluster, topic, 1, 0, 3);
            for (int i = 0; i < 3; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.partition()).as("only the other partition while paused").isEqualTo(1);
                assertThat(message.offset()).isEqualTo(i);
            }
            assertThat(reader.stats().assignedPartitions()).isEqualTo(2);
            reader.resume(held);
            assertThat(reader.paused()).isEmpty();
            for (int i = 1; i < 5; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.partition()).isZero();
                assertThat(message.offset()).as("resumed where it stopped").isEqualTo(i);
            }
        }
    }

    @Test
    void seekByTimeMovesAnAssignedPartitionBeforeItsNextMessage() throws Exception {
        String topic = cluster.createUniqueTopic("kip848-seek", 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = ReaderTestSupport.producer(cluster, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base.plusSeconds(i).toEpochMilli(), null,
                        ReaderTestSupport.utf8("t-" + i))).get();
            }
        }
        try (Reader reader = new Reader(groupReader(topic, topic + "-g").build())) {
            assertThat(reader.readMessage(WAIT).offset()).isZero();
            assertThat(reader.seek(partition, base.plusSeconds(7))).isTrue();
            Message message = reader.readMessage(WAIT);
            assertThat(message.offset()).isEqualTo(7);
            assertThat(message.valueAsString()).isEqualTo("t-7");
            assertThat(GroupMemberLoop.committed(cluster, topic + "-g", topic, 0)).isEqualTo(8);
            assertThat(reader.seek(partition, base.plusSeconds(60))).isTrue(); // after the last message: the end
            ReaderTestSupport.produce(cluster, topic, 0, 10, 1);
            assertThat(reader.readMessage(WAIT).offset()).isEqualTo(10);
        }
    }

    private ConsumerGroupDescription describe(String group) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
        }
    }

    private ReaderConfig.Builder groupReader(String topic, String group) {
        return ReaderConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic).groupId(group)
                .groupProtocol(GroupProtocol.CONSUMER).maxWait(Duration.ofMillis(200));
    }
}
