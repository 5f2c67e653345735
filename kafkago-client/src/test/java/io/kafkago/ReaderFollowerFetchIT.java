package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.EmbeddedKafkaClusterConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fetching from the closest replica (KIP-392) on three brokers in three racks with the broker's rack-aware replica
 * selector: a reader in a follower's rack reads from that follower, in order and completely, and goes back to the
 * leader when the follower is gone.
 */
class ReaderFollowerFetchIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.start(EmbeddedKafkaClusterConfig.builder().brokers(3)
                .brokerRacks("rack-0", "rack-1", "rack-2")
                .brokerProperty("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector")
                .build());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReaderInAFollowersRackReadsFromItAndFallsBackToTheLeaderWhenItStops() throws Exception {
        String topic = "follower-fetch-" + System.nanoTime();
        cluster.createTopic(topic, 1, 3, Map.of());
        ReaderTestSupport.produce(cluster, topic, 0, 0, 200);
        int leader = cluster.leaderOf(topic, 0);
        int follower = cluster.brokerIds().stream().filter(id -> id != leader).findFirst().orElseThrow();
        String rack = "rack-" + cluster.brokerIds().stream().sorted().toList().indexOf(follower);
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).rackId(rack)
                .maxWait(Duration.ofMillis(100)).build())) {
            for (int i = 0; i < 200; i++) {
                assertThat(reader.readMessage(WAIT).offset()).isEqualTo(i);
            }
            ReaderTestSupport.produce(cluster, topic, 0, 200, 100);
            for (int i = 200; i < 300; i++) {
                assertThat(reader.readMessage(WAIT).offset()).isEqualTo(i);
            }
            assertThat(reader.stats().followerFetches()).as("fetches the follower in rack %s answered", rack)
                    .isPositive();

            cluster.stopBroker(follower);
            ReaderTestSupport.produce(cluster, topic, 0, 300, 50);
            for (int i = 300; i < 350; i++) {
                assertThat(reader.readMessage(WAIT).offset()).as("after the follower stopped").isEqualTo(i);
            }
        } finally {
            cluster.startBroker(follower);
        }
    }
}
