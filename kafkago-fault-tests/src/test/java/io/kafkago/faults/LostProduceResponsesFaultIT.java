package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Writer;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.FaultProxy;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: Produce acknowledgements are lost. The brokers append the batches, but each proxy swallows the next
 * {@value #DROPPED_PER_BROKER} Produce responses and closes the connection each time; then one more response of a
 * partition leader is lost while its proxy refuses new connections for {@link #REFUSAL}, the case where an
 * acknowledged write used to be lost (issue 11). With the Writer's defaults, every lost batch must be retried under
 * its own sequence numbers and recognised by the broker as a duplicate: no write fails, none is written twice.
 */
class LostProduceResponsesFaultIT {

    private static final int PARTITIONS = 3;
    private static final int DROPPED_PER_BROKER = 5;
    /** How long the leader refuses reconnects after its last lost response: many retry rounds of the writer. */
    private static final Duration REFUSAL = Duration.ofSeconds(15);
    private static final Duration PROGRESS = Duration.ofMinutes(2);
    private static final short PRODUCE = ApiKeys.PRODUCE.id;

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("lost-acks");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void lostAcknowledgementsAreRetriedAsDuplicatesWithoutFailingAWrite() throws InterruptedException {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        try (Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).spread(2, ProducerLoad.Mode.SYNC,
                     ProducerLoad.Mode.ASYNC).start()) {
            load.awaitAcknowledged(5_000, PROGRESS);

            Map<Integer, Long> droppedBefore = new HashMap<>();
            for (int broker : cluster.brokerIds()) {
                droppedBefore.put(broker, cluster.proxy(broker).droppedResponses());
                cluster.proxy(broker).dropResponses(PRODUCE, DROPPED_PER_BROKER);
            }
            for (int broker : cluster.brokerIds()) {
                cluster.proxy(broker).awaitDroppedResponses(droppedBefore.get(broker) + DROPPED_PER_BROKER, PROGRESS);
            }
            load.awaitAcknowledged(5_000, PROGRESS);

            FaultProxy leader = cluster.proxy(cluster.leaderOf(topic, 0));
            long leaderDroppedBefore = leader.droppedResponses();
            long refusedBefore = leader.refusedConnections();
            leader.dropResponses(PRODUCE, 1).refuseConnections(true);
            leader.awaitDroppedResponses(leaderDroppedBefore + 1, PROGRESS);
            Thread.sleep(REFUSAL.toMillis()); // hold the refusal: the writer retries against a closed door
            assertThat(leader.refusedConnections()).as("reconnects refused").isGreaterThan(refusedBefore);
            leader.heal();
            load.awaitAcknowledged(5_000, PROGRESS);

            load.close();
            assertThat(load.failures()).as("writes that failed although every lost write was in the log").isEmpty();
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "lost produce responses");
            assertThat(report.failed()).isZero();
        }
    }
}
