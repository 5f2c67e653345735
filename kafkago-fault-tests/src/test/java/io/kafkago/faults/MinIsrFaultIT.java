package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.WriteException;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.ErrorCode;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: the ISR falls below {@code min.insync.replicas}. Two of the three brokers are killed; once the
 * controller has fenced them, the survivor leads every partition with itself as the only in-sync replica, and with
 * {@code min.insync.replicas=2} it refuses every acks=all write with NOT_ENOUGH_REPLICAS, before appending.
 *
 * <p>The Writer retries that error until the delivery timeout, so a write must fail once it has passed, as a
 * {@link WriteException} whose errors are delivery timeouts with NOT_ENOUGH_REPLICAS as their last error (or that
 * error itself), and none of its messages the Writer reports as certainly not written may be in the topic. Meanwhile the application's writes fail too; once the
 * brokers are back, its writes succeed again. The checker finds every acknowledged message once, in order, and none
 * of those the Writer reported as certainly not written. The delivery timeout is {@link #DELIVERY_TIMEOUT}
 * instead of the default 2 min so that writes fail within the scenario: nothing can succeed while the ISR is short.
 */
class MinIsrFaultIT {

    private static final int PARTITIONS = 3;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("min-isr");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void writesFailWithNotEnoughReplicasAfterTheDeliveryTimeoutAndSucceedOnceTheBrokersAreBack() {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        int survivor = cluster.leaderOf(topic, 0);
        List<Integer> victims = cluster.brokerIds().stream().filter(broker -> broker != survivor).toList();
        WriterConfig config = FaultCluster.writerConfig(cluster, topic).deliveryTimeout(DELIVERY_TIMEOUT).build();
        try (Writer writer = new Writer(config);
             ProducerLoad load = ProducerLoad.on(writer, checker).spread(1, ProducerLoad.Mode.SYNC,
                     ProducerLoad.Mode.ASYNC).start()) {
            load.awaitAcknowledged(5_000, PROGRESS);

            victims.forEach(cluster::kill);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                cluster.awaitIsr(topic, partition, isr -> isr.equals(List.of(survivor)), FaultCluster.RECOVERY);
            }
            int failedBefore = checker.failedCount();
            List<String> probeNotWritten = assertProbeFailsWithNotEnoughReplicas(config, checker);
            Await.until(PROGRESS, "failed writes of the application", () -> checker.failedCount() > failedBefore);

            victims.forEach(cluster::restart);
            load.awaitAcknowledged(5_000, PROGRESS);

            load.close();
            System.out.println("min ISR: failures of the application " + load.failures());
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "min ISR");
            assertThat(report.failed()).as("messages reported failed").isPositive();
            assertThat(report.failedButPresent()).as("probe messages reported as certainly not written")
                    .doesNotContainAnyElementsOf(probeNotWritten);
        }
    }

    /**
     * Writes one message to every partition while the ISR is short, through a writer of its own so that its batches
     * hold only these messages and start their delivery timeout now; the write must fail, typed, within that timeout.
     *
     * <p>The last error of each is NOT_ENOUGH_REPLICAS, yet an earlier attempt may have reached the log: the controller
     * shrinks the ISR before the leader learns it, and a write accepted in between is appended and then answered with
     * REQUEST_TIMED_OUT or NOT_ENOUGH_REPLICAS_AFTER_APPEND. The Writer must then say the message may have been
     * written; only those it reports as certainly not written are returned.
     *
     * @return the ids the Writer reported as certainly not written
     */
    private List<String> assertProbeFailsWithNotEnoughReplicas(WriterConfig config, DeliveryChecker checker) {
        List<String> ids = new ArrayList<>();
        Message[] probe = new Message[PARTITIONS];
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String id = checker.nextId("probe");
            ids.add(id);
            checker.failed(id); // were it acknowledged, the assertions below would fail anyway
            probe[partition] = Message.of(id).withPartition(partition);
        }
        try (Writer writer = new Writer(config)) {
            // a WriteException, not the "no outcome" timeout of a stalled writer: the writer settled it in time
            WriteException failure = catchThrowableOfType(WriteException.class, () -> writer.writeMessages(probe));
            assertThat(failure).as("the write while the ISR is below min.insync.replicas").isNotNull();
            assertThat(failure.errors()).hasSize(PARTITIONS).allSatisfy(error -> assertThat(
                    notEnoughReplicasIn(error.error())).as("NOT_ENOUGH_REPLICAS in %s", error.error()).isTrue());
            List<String> notWritten = new ArrayList<>();
            for (WriteException.MessageError error : failure.errors()) {
                if (!error.mayHaveBeenWritten()) {
                    notWritten.add(ids.get(error.index()));
                }
            }
            System.out.println("min ISR: probes reported as certainly not written " + notWritten + " of " + ids);
            return notWritten;
        }
    }

    /** NOT_ENOUGH_REPLICAS itself, or a delivery timeout whose last error it was. */
    private static boolean notEnoughReplicasIn(KafkaException error) {
        Throwable broker = error instanceof KafkaTimeoutException ? error.getCause() : error;
        return broker instanceof KafkaBrokerException refused && refused.errorCode() == ErrorCode.NOT_ENOUGH_REPLICAS;
    }
}
