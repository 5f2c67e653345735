package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.TestTopics;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every admin operation of {@link Client} against a real broker. */
@KafkaTest
class ClientIT {

    KafkaTestCluster kafka;
    private Client client;

    @BeforeEach
    void connect() {
        client = new Client(ClientConfig.builder().brokers(kafka.bootstrapServers().split(","))
                .dialer(Dialer.builder().clientId("client-it").build()).timeout(Duration.ofSeconds(30)).build());
    }

    @AfterEach
    void close() {
        client.close();
    }

    private String bootstrap() {
        return kafka.bootstrapServers().split(",")[0];
    }

    @Test
    void topicsPartitionsAndConfigs() {
        String topic = TestTopics.unique("client-topics");
        client.createTopics(TopicConfig.builder(topic).numPartitions(3).replicationFactor(1)
                .config("retention.ms", "7200000").build());
        assertThat(client.listTopics()).anySatisfy(listing -> {
            assertThat(listing.name()).isEqualTo(topic);
            assertThat(listing.partitionCount()).isEqualTo(3);
            assertThat(listing.internal()).isFalse();
        });
        List<Partition> partitions = client.listPartitions(topic);
        assertThat(partitions).extracting(Partition::id).containsExactly(0, 1, 2);
        assertThat(partitions).allSatisfy(p -> assertThat(p.leader()).isNotNull());

        client.createPartitions(topic, 5);
        assertThat(client.listPartitions(topic)).hasSize(5);

        assertThat(config(topic, "retention.ms")).satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("7200000");
            assertThat(entry.source()).isEqualTo(ConfigEntry.Source.TOPIC);
        });
        // The controller commits a config change before it answers; each broker's view follows a moment later,
        // as with any Kafka client, so the reads below wait for the broker to see it.
        client.alterConfigs(ConfigResource.topic(topic), ConfigChange.set("retention.ms", "3600000"),
                ConfigChange.set("cleanup.policy", "compact"));
        Await.until(Duration.ofSeconds(10), "altered configs visible",
                () -> config(topic, "retention.ms").value().equals("3600000"));
        assertThat(config(topic, "cleanup.policy").value()).isEqualTo("compact");
        client.alterConfigs(ConfigResource.topic(topic), ConfigChange.delete("retention.ms"));
        Await.until(Duration.ofSeconds(10), "deleted config back to its default",
                () -> config(topic, "retention.ms").isDefault());

        int brokerId = partitions.get(0).leader().id();
        assertThat(client.describeConfigs(ConfigResource.broker(brokerId)))
                .anySatisfy(entry -> assertThat(entry.name()).isEqualTo("num.partitions"));

        client.deleteTopics(topic);
        assertThat(client.listTopics()).noneSatisfy(listing -> assertThat(listing.name()).isEqualTo(topic));
        assertThatThrownBy(() -> client.deleteTopics(topic))
                .isInstanceOfSatisfying(KafkaBrokerException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }

    private ConfigEntry config(String topic, String name) {
        return client.describeConfigs(ConfigResource.topic(topic)).stream()
                .filter(entry -> entry.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void offsetsByTimeAndRecordDeletion() {
        String topic = kafka.createUniqueTopic("client-offsets", 1);
        Instant start = Instant.ofEpochMilli(1_700_000_000_000L);
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            for (int i = 0; i < 5; i++) {
                conn.writeMessages(Message.of("m" + i).withTime(start.plusSeconds(i)));
            }
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        assertThat(client.listOffsets(Map.of(partition, OffsetSpec.EARLIEST))).containsEntry(partition, 0L);
        assertThat(client.listOffsets(Map.of(partition, OffsetSpec.LATEST))).containsEntry(partition, 5L);
        assertThat(client.listOffsets(Map.of(partition, OffsetSpec.at(start.plusMillis(2500))))).containsEntry(partition, 3L);
        assertThat(client.listOffsets(Map.of(partition, OffsetSpec.at(start.plusSeconds(60))))).containsEntry(partition, -1L);

        assertThat(client.deleteRecords(Map.of(partition, 2L))).containsEntry(partition, 2L);
        assertThat(client.listOffsets(Map.of(partition, OffsetSpec.EARLIEST))).containsEntry(partition, 2L);
    }

    @Test
    void consumerGroupsAndTheirOffsets() {
        String topic = kafka.createUniqueTopic("client-groups", 2);
        String group = TestTopics.unique("client-group");
        Map<String, Object> properties = kafka.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "group-member");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertThat(consumer.assignment()).hasSize(2);

            assertThat(client.listGroups()).anySatisfy(listing -> {
                assertThat(listing.groupId()).isEqualTo(group);
                assertThat(listing.protocolType()).isEqualTo("consumer");
            });
            GroupDescription description = client.describeGroups(group).get(0);
            assertThat(description.state()).isEqualTo("Stable");
            assertThat(description.members()).singleElement().satisfies(member -> {
                assertThat(member.clientId()).isEqualTo("group-member");
                assertThat(member.assignment()).containsExactly(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            });
            assertThatThrownBy(() -> client.commitOffsets(group, Map.of(new TopicPartition(topic, 0), 1L)))
                    .isInstanceOf(KafkaBrokerException.class);
        }

        Map<TopicPartition, Long> offsets = Map.of(new TopicPartition(topic, 0), 3L, new TopicPartition(topic, 1), 7L);
        client.commitOffsets(group, offsets);
        assertThat(client.fetchOffsets(group)).isEqualTo(offsets);
        assertThat(client.describeGroups(group).get(0).state()).isEqualTo("Empty");

        client.deleteGroups(group);
        assertThat(client.listGroups()).noneSatisfy(listing -> assertThat(listing.groupId()).isEqualTo(group));
        assertThat(client.fetchOffsets(group)).isEmpty();
    }
}
