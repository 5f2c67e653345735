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
 * Scenario 5: a partition leader is frozen (SIGSTOP, like a long GC pause) for at least {@link #PAUSE}, longer than
 * the Writer's request timeout (write timeout + read timeout, 20 s by default), then resumed. Its connections stay
 * open and nothing answers; Kafka fences it after {@code broker.session.timeout.ms} and elects new leaders.
 *
 * <p>With the Writer's defaults it proves, from acknowledged counts per partition: partitions led by other brokers
 * keep being acknowledged while the broker is frozen (one stalled broker must not stall the Writer); the frozen
 * broker's partitions are acknowledged again, by their new leader, before it is resumed (the Writer must not stay on
 * the frozen broker's connection); and in the end no write failed and every acknowledged message is in the topic
 * once, in order.
 */
class PausedLeaderFaultIT {

    private static final int PARTITIONS = 3;
    /** Least time the leader stays frozen: twice the default request timeout. */
    private static final Duration PAUSE = WriterConfig.DEFAULT_WRITE_TIMEOUT.plus(WriterConfig.DEFAULT_READ_TIMEOUT)
            .multipliedBy(2);
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("paused-leader");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void partitionsOfOtherBrokersGoOnAndTheFrozenOnesMoveToTheirNewLeaders() throws InterruptedException {
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

            long pausedAt = System.nanoTime();
            cluster.pause(victim);
            for (int partition : ledByOthers) {
                load.awaitAcknowledgedOn(partition, 2_000, PROGRESS);
            }
            Map<Integer, Long> whileFrozen = load.acknowledgedByPartition();
            for (int partition : ledByVictim) {
                cluster.awaitLeaderChange(topic, partition, victim, PROGRESS);
                load.awaitAcknowledgedOn(partition, 1_000, PROGRESS);
            }
            Map<Integer, Long> afterFailover = load.acknowledgedByPartition();
            Duration failover = Duration.ofNanos(System.nanoTime() - pausedAt);
            Thread.sleep(Math.max(0, PAUSE.minus(failover).toMillis())); // hold the freeze for PAUSE at least
            cluster.resume(victim);
            System.out.printf("paused leader: broker %d frozen %d s; acknowledged by partition once the others had"
                    + " gone on %s, once its partitions %s had moved (%d s after the freeze) %s%n", victim,
                    Duration.ofNanos(System.nanoTime() - pausedAt).toSeconds(), whileFrozen, ledByVictim,
                    failover.toSeconds(), afterFailover);
            load.awaitAcknowledged(5_000, PROGRESS);
            FaultCluster.awaitFullIsr(cluster, topic, PARTITIONS); // the resumed broker in sync: the cluster is whole

            load.close();
            assertThat(load.failures()).as("writes that failed although every partition had a leader again").isEmpty();
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "paused leader");
            assertThat(report.failed()).isZero();
        }
    }
}
