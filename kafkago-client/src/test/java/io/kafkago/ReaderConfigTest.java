package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.Plain;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ReaderConfigTest {

    private static ReaderConfig.Builder minimal() {
        return ReaderConfig.builder().brokers("localhost:9092").topic("topic-A");
    }

    @Test
    void defaultsAreTheDocumentedConstants() {
        ReaderConfig config = minimal().build();

        assertThat(config.isGroupMode()).isFalse();
        assertThat(config.topics()).containsExactly("topic-A");
        assertThat(config.groupTopics()).isEmpty();
        assertThat(config.partition()).isZero();
        assertThat(config.groupId()).isNull();
        assertThat(config.groupInstanceId()).isNull();
        assertThat(config.minBytes()).isEqualTo(1);
        assertThat(config.maxBytes()).isEqualTo(1_048_576);
        assertThat(config.maxWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.queueCapacity()).isEqualTo(ReaderConfig.DEFAULT_QUEUE_CAPACITY);
        assertThat(config.queueCapacityBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.maxDecompressedBatchBytes()).isEqualTo(64 * 1024 * 1024);
        assertThat(config.startOffset()).isEqualTo(ReaderConfig.FIRST_OFFSET).isEqualTo(-2L);
        assertThat(config.offsetOutOfRangePolicy()).isEqualTo(OffsetOutOfRangePolicy.RESET_TO_START_OFFSET);
        assertThat(config.commitInterval()).isEqualTo(Duration.ZERO);
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.rebalanceTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.joinGroupBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.watchPartitionChanges()).isTrue();
        assertThat(config.partitionWatchInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.groupBalancers()).extracting(GroupBalancer::protocolName).containsExactly("range", "roundrobin");
        assertThat(config.isolationLevel()).isEqualTo(IsolationLevel.READ_COMMITTED);
        assertThat(config.readBackoffMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.readBackoffMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.operationTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.dialer()).isEqualTo(Dialer.defaultDialer());
        assertThat(config.dialer().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.rackId()).isNull();
        assertThat(config.onPartitionsAssigned()).isSameAs(PartitionsListener.NONE);
        assertThat(config.onPartitionsRevoked()).isSameAs(PartitionsListener.NONE);
        assertThat(config.onPartitionsLost()).as("none: onPartitionsRevoked is told").isNull();
        assertThat(config.groupProtocol()).isEqualTo(GroupProtocol.CLASSIC);
        assertThat(config.groupRemoteAssignor()).isNull();
        assertThat(config.groupTopicPattern()).isNull();
        assertThat(config.partitions()).isEmpty();
        assertThat(config.readPartitions()).containsExactly(new TopicPartition("topic-A", 0));
        assertThat(ReaderConfig.LAST_OFFSET).isEqualTo(-1L);
    }

    @Test
    void toBuilderRoundTripsEverySetting() {
        PartitionsListener assigned = partitions -> { };
        PartitionsListener revoked = partitions -> { };
        ReaderConfig config = ReaderConfig.builder().brokers(List.of("a:1", "b:2")).groupTopics("t1", "t2").groupId("g")
                .groupInstanceId("instance-1").minBytes(10).maxBytes(10_000_000).maxWait(Duration.ofSeconds(2))
                .queueCapacity(50).queueCapacityBytes(4096).maxDecompressedBatchBytes(1 << 20).startOffset(ReaderConfig.LAST_OFFSET).offsetOutOfRangePolicy(OffsetOutOfRangePolicy.FAIL)
                .commitInterval(Duration.ofSeconds(1)).heartbeatInterval(Duration.ofSeconds(1))
                .sessionTimeout(Duration.ofSeconds(10)).rebalanceTimeout(Duration.ofSeconds(20))
                .joinGroupBackoff(Duration.ofMillis(300)).watchPartitionChanges(false)
                .partitionWatchInterval(Duration.ofSeconds(9)).groupBalancers(new RackAffinityGroupBalancer("eu-1a"))
                .isolationLevel(IsolationLevel.READ_UNCOMMITTED).readBackoffMin(Duration.ofMillis(10))
                .readBackoffMax(Duration.ofMillis(20)).operationTimeout(Duration.ofSeconds(7)).requestTimeout(Duration.ofSeconds(12)).rackId("eu-1a")
                .clientId("billing").dialTimeout(Duration.ofSeconds(1)).onPartitionsAssigned(assigned)
                .onPartitionsLost(partitions -> { })
                .onPartitionsRevoked(revoked).tls(TlsConfig.systemDefault()).sasl(new Plain("bob", "pl41n-pw")).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.isGroupMode()).isTrue();
        assertThat(config.topics()).containsExactly("t1", "t2");
        assertThat(config.onPartitionsAssigned()).isSameAs(assigned);
        assertThat(config.dialer().sasl()).isInstanceOf(Plain.class);
        assertThat(config.dialer().requestTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(config.dialer().clientId()).isEqualTo("billing");
        assertThat(config.toString()).contains("bob").doesNotContain("pl41n-pw");
    }

    @Test
    void groupWithASingleTopicIsFine() {
        ReaderConfig config = minimal().groupId("billing").build();
        assertThat(config.isGroupMode()).isTrue();
        assertThat(config.topics()).containsExactly("topic-A");
    }

    @Test
    void topicsMustBeGivenOnceAndGroupTopicsNeedAGroup() {
        assertThatThrownBy(() -> ReaderConfig.builder().brokers("a:1").build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("ReaderConfig.topic: a topic");
        assertRejected(b -> b.groupId("g").groupTopics("x"), "set either topic or groupTopics, not both");
        assertRejected(b -> b.topic(null).groupTopics("x"), "ReaderConfig.groupTopics: requires a groupId");
        assertRejected(b -> b.topic(null).groupId("g").groupTopics("x", "x"), "must not repeat");
        assertRejected(b -> b.topic(null).groupId("g").groupTopics("x", " "), "must not be blank");
        assertRejected(b -> b.topic(null).groupId("g").groupTopics("x", null), "ReaderConfig.groupTopics: must not contain null");
    }

    @Test
    void groupOnlySettingsNeedAGroupAndPartitionsDoNotMixWithOne() {
        assertRejected(b -> b.groupId("g").partition(2), "do not set partition (2) with a groupId");
        assertRejected(b -> b.groupInstanceId("i"), "ReaderConfig.groupInstanceId: requires a groupId");
        assertRejected(b -> b.partition(-1), "ReaderConfig.partition: must be at least 0");
        assertRejected(b -> b.groupId(""), "ReaderConfig.groupId: must not be blank");
    }

    @Test
    void sizesTimesAndOffsetsAreChecked() {
        assertRejected(b -> b.minBytes(0), "ReaderConfig.minBytes: must be at least 1");
        assertRejected(b -> b.minBytes(100).maxBytes(10), "minBytes: must not exceed maxBytes (100 > 10)");
        assertRejected(b -> b.maxWait(Duration.ZERO), "ReaderConfig.maxWait: must be positive");
        assertRejected(b -> b.queueCapacity(0), "ReaderConfig.queueCapacity");
        assertRejected(b -> b.queueCapacityBytes(0), "ReaderConfig.queueCapacityBytes: must be at least 1");
        assertRejected(b -> b.maxDecompressedBatchBytes(0), "ReaderConfig.maxDecompressedBatchBytes: must be at least 1");
        assertRejected(b -> b.startOffset(42), "must be FIRST_OFFSET (-2) or LAST_OFFSET (-1), got 42");
        assertRejected(b -> b.offsetOutOfRangePolicy(null), "ReaderConfig.offsetOutOfRangePolicy: must be set");
        assertRejected(b -> b.commitInterval(Duration.ofMillis(-1)), "ReaderConfig.commitInterval: must not be negative");
        assertRejected(b -> b.heartbeatInterval(Duration.ofSeconds(45)), "heartbeatInterval: must be shorter than sessionTimeout");
        assertRejected(b -> b.rebalanceTimeout(null), "ReaderConfig.rebalanceTimeout: must be set");
        assertRejected(b -> b.readBackoffMin(Duration.ofSeconds(5)), "readBackoffMin: must not exceed readBackoffMax");
        assertRejected(b -> b.operationTimeout(Duration.ZERO), "ReaderConfig.operationTimeout: must be positive");
        assertRejected(b -> b.isolationLevel(null), "ReaderConfig.isolationLevel");
        assertRejected(b -> b.onPartitionsRevoked(null), "ReaderConfig.onPartitionsRevoked");
        assertRejected(b -> b.brokers("nohost"), "ReaderConfig.brokers: 'nohost' is not host:port");
    }

    @Test
    void theConsumerProtocolsSettingsNeedIt() {
        ReaderConfig pattern = ReaderConfig.builder().brokers("a:1").groupId("g").groupProtocol(GroupProtocol.CONSUMER)
                .groupRemoteAssignor("range").groupTopicPattern("orders-.*").build();
        assertThat(pattern.topics()).isEmpty();
        assertThat(pattern.toBuilder().build()).isEqualTo(pattern);
        assertRejected(b -> b.groupId("g").groupRemoteAssignor("uniform"), "groupRemoteAssignor: the coordinator assigns only");
        assertRejected(b -> b.topic(null).groupId("g").groupTopicPattern("o.*"), "groupTopicPattern: needs a groupId and groupProtocol CONSUMER");
        assertRejected(b -> b.groupId("g").groupProtocol(GroupProtocol.CONSUMER).groupTopicPattern("o.*"),
                "set either a pattern or topic/groupTopics");
        assertRejected(b -> b.groupProtocol(null), "ReaderConfig.groupProtocol: must be set");
    }

    @Test
    void severalPartitionsAreReadWithoutAGroupAndNeverRepeat() {
        ReaderConfig ids = minimal().partitions(0, 2, 5).build();
        assertThat(ids.readPartitions()).containsExactly(new TopicPartition("topic-A", 0), new TopicPartition("topic-A", 2),
                new TopicPartition("topic-A", 5));
        assertThat(ids.toBuilder().build()).isEqualTo(ids);
        ReaderConfig mixed = ReaderConfig.builder().brokers("a:1").partitions(List.of(new TopicPartition("x", 1),
                new TopicPartition("y", 0))).build();
        assertThat(mixed.topics()).containsExactly("x", "y");
        assertRejected(b -> b.partitions(0, 0), "ReaderConfig.partitions: partitions must not repeat");
        assertRejected(b -> b.partitions(0, -1), "partition ids not negative");
        assertRejected(b -> b.groupId("g").partitions(0, 1), "set partitions without a groupId");
        assertRejected(b -> b.topic(null).partitions(1), "partition ids need a topic");
        assertRejected(b -> b.partition(3).partitions(0, 1), "set either one partition or partitions");
    }

    @Test
    void groupBalancersMustBePresentAndDistinct() {
        assertRejected(b -> b.groupBalancers(List.of()), "ReaderConfig.groupBalancers: at least one");
        assertRejected(b -> b.groupBalancers(new RangeGroupBalancer(), null), "ReaderConfig.groupBalancers: must not contain null");
        assertRejected(b -> b.groupBalancers(new RangeGroupBalancer(), new RangeGroupBalancer()),
                "protocol name 'range' appears twice");
    }

    private static void assertRejected(UnaryOperator<ReaderConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(minimal()).build())
                .isInstanceOf(KafkaConfigException.class)
                .hasMessageContaining(message);
    }
}
