package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.WriterConfig;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The one broker-process cluster the fault scenarios share (1 controller, 3 brokers, Kafka's default timeouts),
 * started on first use and killed when the test JVM exits. Starting four JVMs costs seconds each time, so scenarios
 * share it and each leaves it whole again: {@link #restored()} resumes, restarts and heals whatever a scenario broke.
 */
final class FaultCluster {

    /** How long a broker may take to come back into every ISR it belongs to after a restart. */
    static final Duration RECOVERY = Duration.ofMinutes(2);

    private static KafkaProcessCluster cluster;

    private FaultCluster() {
    }

    /** The shared cluster with every broker running, unpaused and behind a healed proxy. */
    static synchronized KafkaProcessCluster restored() {
        if (cluster == null) {
            cluster = KafkaProcessCluster.start();
        }
        cluster.healProxies();
        for (int broker : cluster.brokerIds()) {
            if (cluster.isPaused(broker)) {
                cluster.resume(broker);
            }
        }
        for (int broker : cluster.brokerIds()) {
            if (!cluster.isRunning(broker)) {
                cluster.restart(broker);
            }
        }
        return cluster;
    }

    /** Waits until every replica of {@code topic}'s partitions is in sync again. */
    /**
     * Creates a topic as the scenarios need it: replicated on all 3 brokers with {@code min.insync.replicas=2}, so one
     * broker may fail without losing an acknowledged write or refusing new ones.
     */
    static void createDurableTopic(KafkaProcessCluster cluster, String topic, int partitions) {
        cluster.createTopic(topic, partitions, 3, Map.of("min.insync.replicas", "2"));
    }

    static void awaitFullIsr(KafkaProcessCluster cluster, String topic, int partitions) {
        for (int partition = 0; partition < partitions; partition++) {
            List<Integer> replicas = cluster.replicasOf(topic, partition);
            cluster.awaitIsr(topic, partition, isr -> isr.containsAll(replicas), RECOVERY);
        }
    }

    /** The partitions of {@code topic} (numbered {@code 0..partitions-1}) whose leader is {@code broker} now. */
    static List<Integer> partitionsLedBy(KafkaProcessCluster cluster, String topic, int partitions, int broker) {
        return IntStream.range(0, partitions).filter(p -> cluster.leaderOf(topic, p) == broker).boxed().toList();
    }

    /** The partitions of {@code topic} whose leader is another broker than {@code broker} now. */
    static List<Integer> partitionsNotLedBy(KafkaProcessCluster cluster, String topic, int partitions, int broker) {
        return IntStream.range(0, partitions).filter(p -> cluster.leaderOf(topic, p) != broker).boxed().toList();
    }

    /** Writer settings for {@code topic} through the cluster's proxies, every other setting at its default. */
    static WriterConfig.Builder writerConfig(KafkaProcessCluster cluster, String topic) {
        return WriterConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic);
    }

    /**
     * Reads {@code topic} back, prints the report under {@code scenario} and asserts what holds in every scenario:
     * no acknowledged message lost, duplicated or out of order, and no message the Writer reported as certainly not
     * written in the topic. Call once {@code load} is closed.
     */
    static DeliveryReport checkDelivery(KafkaProcessCluster cluster, String topic, ProducerLoad load, String scenario) {
        DeliveryReport report = load.checker().check(cluster, topic);
        System.out.println(scenario + ": " + report);
        report.assertClean();
        Set<String> notWritten = load.reportedNotWritten();
        assertThat(report.failedButPresent()).as("messages reported as certainly not written, yet in the topic")
                .filteredOn(notWritten::contains).isEmpty();
        return report;
    }
}
