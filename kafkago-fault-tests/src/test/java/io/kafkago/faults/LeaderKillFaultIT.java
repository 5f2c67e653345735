package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Writer;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: the leader of a partition is SIGKILLed while an application writes with the Writer's defaults
 * (idempotent, acks=all, 2 min delivery timeout), and restarted later. Kafka fences the dead broker only after
 * {@code broker.session.timeout.ms} (9 s by default) and then elects a new leader; the Writer must ride that out
 * without failing a single write, and every acknowledged message must be in the topic once, in order.
 */
class LeaderKillFaultIT {

    private static final int PARTITIONS = 3;
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("leader-kill");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void syncAndAsyncWritesRideOutAKilledLeader() {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        int victim = cluster.leaderOf(topic, 0);
        try (Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).spread(2, ProducerLoad.Mode.SYNC,
                     ProducerLoad.Mode.ASYNC).start()) {
            load.awaitAcknowledged(5_000, PROGRESS);
            cluster.kill(victim);
            cluster.awaitLeaderChange(topic, 0, victim, PROGRESS);
            load.awaitAcknowledged(5_000, PROGRESS); // writes go on with the new leader
            cluster.restart(victim);
            load.awaitAcknowledged(5_000, PROGRESS);
            load.close();
            assertThat(load.failures()).as("writes that failed although the cluster recovered").isEmpty();
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "leader kill");
            assertThat(report.failed()).isZero();
        }
    }
}
