package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: the client is cut off from one broker only. Its proxy becomes a black hole (connections accepted and
 * kept, nothing forwarded either way) for at least {@link #CUT}, twice the Writer's request timeout, while the other
 * brokers stay reachable. The broker itself is healthy and replicates, so it stays the leader of its partitions: their
 * writes can only wait.
 *
 * <p>With the Writer's defaults it proves, from acknowledged counts per partition, that partitions led by the other
 * brokers keep being acknowledged during the cut; after the heal the cut-off broker's partitions are acknowledged
 * again. The cut is far shorter than the default delivery timeout (2 min), so the messages held up by it must all be
 * written after the heal: no write fails, every acknowledged message is in the topic once, in order.
 */
class CutOffBrokerFaultIT {

    private static final int PARTITIONS = 3;
    /** Least time the broker stays cut off: twice the default request timeout, so requests and reconnects time out. */
    private static final Duration CUT = WriterConfig.DEFAULT_WRITE_TIMEOUT.plus(WriterConfig.DEFAULT_READ_TIMEOUT)
            .multipliedBy(2);
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("cut-off-broker");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void partitionsOfReachableBrokersGoOnAndTheCutOffOnesCatchUpAfterTheHeal() throws InterruptedException {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        int victim = cluster.leaderOf(topic, 0);
        List<Integer> ledByVictim = FaultCluster.partitionsLedBy(cluster, topic, PARTITIONS, victim);
        List<Integer> ledByOthers = FaultCluster.partitionsNotLedBy(cluster, topic, PARTITIONS, victim);
        assertThat(ledByOthers).as("partitions led by brokers other than %d", victim).isNotEmpty();
        try (Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker)
                     .pinned(PARTITIONS, ProducerLoad.Mode.SYNC, ProducerLoad.Mode.ASYNC)
                     .spread(1, ProducerLoad.Mode.SYNC, ProducerLoad.Mode.ASYNC).start()) {
            load.awaitAcknowledged(5_000, PROGRESS);

            long cutAt = System.nanoTime();
            cluster.proxy(victim).blackHole(true);
            Map<Integer, Long> atCut = load.acknowledgedByPartition();
            for (int partition : ledByOthers) {
                load.awaitAcknowledgedOn(partition, 2_000, PROGRESS);
            }
            Map<Integer, Long> othersWentOn = load.acknowledgedByPartition();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - cutAt);
            Thread.sleep(Math.max(0, CUT.minus(elapsed).toMillis())); // hold the cut for CUT at least
            Map<Integer, Long> atHeal = load.acknowledgedByPartition();
            long healedAt = System.nanoTime();
            cluster.proxy(victim).blackHole(false);
            for (int partition : ledByVictim) {
                load.awaitAcknowledgedOn(partition, 1_000, PROGRESS);
            }
            System.out.printf("cut-off broker: broker %d (leading %s) cut off %d s; acknowledged by partition at the"
                    + " cut %s, once the others had gone on %s, at the heal %s, %d ms after it %s%n", victim,
                    ledByVictim, CUT.toSeconds(), atCut, othersWentOn, atHeal,
                    (System.nanoTime() - healedAt) / 1_000_000, load.acknowledgedByPartition());
            load.awaitAcknowledged(5_000, PROGRESS);

            load.close();
            assertThat(load.failures()).as("writes that failed although the cut was shorter than the delivery timeout")
                    .isEmpty();
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "cut-off broker");
            assertThat(report.failed()).isZero();
        }
    }
}
