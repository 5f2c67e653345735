package io.kafkago.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.ClientRoundTrip;
import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

/** Stops a partition leader of a 3-broker cluster and checks election, availability and ISR recovery. */
@KafkaTest(brokers = 3)
class ThreeBrokerFailoverIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    EmbeddedKafkaCluster cluster;

    @Test
    void electsANewLeaderKeepsServingAndLetsTheOldLeaderRejoin(KafkaTestCluster asInterface) throws Exception {
        assertThat(asInterface).isSameAs(cluster);
        assertThat(cluster.brokerIds()).containsExactly(0, 1, 2);
        System.out.printf("3-broker embedded cluster started in %d ms%n", cluster.startupDuration().toMillis());
        String topic = TestTopics.unique("failover");
        cluster.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
        produce(topic, "before-1", "before-2");

        int oldLeader = cluster.leaderOf(topic, 0);
        assertThat(oldLeader).isBetween(0, 2);
        assertThat(cluster.inSyncReplicasOf(topic, 0)).containsExactly(0, 1, 2);

        cluster.stopBroker(oldLeader);
        assertThat(cluster.isBrokerRunning(oldLeader)).isFalse();
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Await.until(TIMEOUT, "a new leader other than broker " + oldLeader, () -> {
                Node leader = describe(admin, topic).partitions().get(0).leader();
                return leader != null && !leader.isEmpty() && leader.id() != oldLeader;
            });
            assertThat(describe(admin, topic).partitions().get(0).isr()).extracting(Node::id)
                    .doesNotContain(oldLeader).hasSize(2);
        }

        produce(topic, "during-1");
        assertThat(consume(topic, 3)).containsExactly("before-1", "before-2", "during-1");

        cluster.startBroker(oldLeader);
        Await.until(TIMEOUT, "broker " + oldLeader + " back in the ISR",
                () -> cluster.inSyncReplicasOf(topic, 0).contains(oldLeader));
        assertThat(cluster.inSyncReplicasOf(topic, 0)).containsExactly(0, 1, 2);
        produce(topic, "after-1");
        assertThat(consume(topic, 4)).containsExactly("before-1", "before-2", "during-1", "after-1");
    }

    private static TopicDescription describe(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        } catch (Exception e) {
            throw new AssertionError("cannot describe " + topic, e);
        }
    }

    private void produce(String topic, String... values) throws Exception {
        ClientRoundTrip.produce(cluster.clientProperties(), topic, List.of(values), TIMEOUT);
    }

    private List<String> consume(String topic, int count) {
        return ClientRoundTrip.consume(cluster.clientProperties(), topic, count, TIMEOUT);
    }
}
