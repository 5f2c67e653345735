package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterIT {

    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedKafkaCluster.startSingleBroker();
        System.out.printf("single embedded broker started in %d ms%n", cluster.startupDuration().toMillis());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void producesAndConsumesThroughTheEmbeddedBroker() throws Exception {
        String topic = cluster.createUniqueTopic("embedded", 1);
        ClientRoundTrip.assertRoundTrip(cluster.clientProperties(), topic);
        assertThat(cluster.mode()).isEqualTo(BrokerMode.EMBEDDED);
        assertThat(cluster.bootstrapServers()).isEqualTo(cluster.bootstrapServers(0)).startsWith("localhost:");
    }

    @Test
    void createsTopicsWithPartitionsAndConfigs() {
        String topic = TestTopics.unique("configured");
        cluster.createTopic(topic, 3, 1, Map.of("cleanup.policy", "compact"));
        assertThat(cluster.leaderOf(topic, 2)).isZero();
        assertThat(cluster.inSyncReplicasOf(topic, 0)).containsExactly(0);
    }

    @Test
    void reportsAnExistingTopicAsATypedError() {
        String topic = cluster.createUniqueTopic("twice", 1);
        assertThatThrownBy(() -> cluster.createTopic(topic, 1))
                .isInstanceOf(KafkaTestSetupException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("already exists");
    }

    @Test
    void deletesTopics() {
        String topic = cluster.createUniqueTopic("deleted", 1);
        cluster.deleteTopic(topic);
        Await.until(cluster.config().operationTimeout(), "topic " + topic + " to disappear",
                () -> !cluster.clientProperties().isEmpty() && leaderlessOrGone(topic));
    }

    private static boolean leaderlessOrGone(String topic) {
        try {
            cluster.leaderOf(topic, 0);
            return false;
        } catch (KafkaTestSetupException e) {
            return e.getMessage().contains("does not exist");
        }
    }
}
