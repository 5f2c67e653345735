package io.kafkago.internal.writer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.WriteException;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Writer against a {@link SimulatedCluster}, one deterministic fault scenario per test: whatever the
 * brokers and the network do, an acknowledged message is in the log exactly once and in order, and a failed
 * write fails within its delivery timeout.
 *
 * <p>Every test first writes one message so the writer holds its connections and producer id before the
 * fault is scripted; the fault then hits the next Produce request.
 */
@Timeout(60)
class WriterFaultScenarioTest {

    private static final String TOPIC = "scenario";
    /** Response delay of {@link Fault#DELAY_RESPONSE}: beyond the writer's request timeout (write + read timeout). */
    private static final Duration RESPONSE_DELAY = Duration.ofMillis(1500);
    /** Room for thread scheduling when checking that a failed write ended within its delivery timeout. */
    private static final Duration SCHEDULING_MARGIN = Duration.ofSeconds(1);

    /** Delivery limits of a write that is to fail while its leader refuses connections. */
    private static final Duration SHORT_DELIVERY_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Enough attempts that the next write, once connections are accepted again, does not run out of them while
     * the writer reconnects (it charges connection failures to waiting batches); few enough that the refused
     * write fails by attempts, well within {@link #SHORT_DELIVERY_TIMEOUT}, even while the writer does not enforce
     * the delivery timeout.
     */
    private static final int FEW_ATTEMPTS = 10;

    private SimulatedCluster cluster;

    private void start(SimulatedCluster.Builder builder) {
        cluster = builder.responseDelay(RESPONSE_DELAY).build().createTopic(TOPIC, 1);
    }

    private void startThreeBrokers() {
        start(SimulatedCluster.builder().brokers(3));
    }

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Short timeouts so faults are noticed quickly; a delivery timeout long enough for every retry. */
    private WriterConfig.Builder writerConfig(String topic) {
        return WriterConfig.builder().brokers(cluster.bootstrap()).topic(topic)
                .writeTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofMillis(500))
                .dialTimeout(Duration.ofSeconds(1))
                .writeBackoffMin(Duration.ofMillis(20)).writeBackoffMax(Duration.ofMillis(200))
                .deliveryTimeout(Duration.ofSeconds(30)).closeTimeout(Duration.ofSeconds(5));
    }

    /** A writer whose writes fail within {@link #SHORT_DELIVERY_TIMEOUT} while their leader refuses connections. */
    private WriterConfig writerThatGivesUpSoon() {
        return writerConfig(TOPIC).deliveryTimeout(SHORT_DELIVERY_TIMEOUT).maxAttempts(FEW_ATTEMPTS).build();
    }

    private static Message[] messages(String prefix, int count) {
        Message[] messages = new Message[count];
        for (int i = 0; i < count; i++) {
            messages[i] = Message.of(prefix + "-" + i);
        }
        return messages;
    }

    private static List<String> values(Message[]... groups) {
        List<String> values = new ArrayList<>();
        for (Message[] group : groups) {
            for (Message message : group) {
                values.add(message.valueAsString());
            }
        }
        return values;
    }

    /**
     * The lost-acknowledgement bug: a write reaches the log but its answer is lost, then its leader refuses
     * connections until the write fails. The failed write's sequence numbers may be in the broker's producer
     * state, so a next write that reused them would be answered as a duplicate: acknowledged, never stored.
     */
    @Test
    void aWriteWhoseAcknowledgementWasLostAndThatThenFailedDoesNotSwallowTheNextWrite() {
        startThreeBrokers();
        try (Writer writer = new Writer(writerThatGivesUpSoon())) {
            Message[] warmUp = messages("warm-up", 1);
            writer.writeMessages(warmUp);
            cluster.broker(0).refuseConnections(); // the open connection goes on working until the lost answer closes it
            cluster.faults().next(Fault.DROP_RESPONSE_AFTER_APPEND);

            Message[] lost = messages("lost", 5);
            long started = System.nanoTime();
            assertThatThrownBy(() -> writer.writeMessages(lost)).isInstanceOf(WriteException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(SHORT_DELIVERY_TIMEOUT.plus(SCHEDULING_MARGIN));
            assertThat(cluster.broker(0).connectionsRefused()).isPositive();
            assertThat(cluster.values(TOPIC, 0)).as("the failed write reached the log").containsExactlyElementsOf(values(warmUp, lost));

            cluster.broker(0).acceptConnections();
            Message[] next = messages("next", lost.length); // as many records: the same sequence numbers, if reused
            writer.writeMessages(next);

            assertThat(cluster.values(TOPIC, 0)).as("the acknowledged write is in the log")
                    .containsExactlyElementsOf(values(warmUp, lost, next));
        }
    }

    /**
     * The same bug by another road: the broker reads a request but processes it only after the writer gave up on
     * the connection and, its leader refusing connections, on the write. The stale request lands just before the
     * next write, which must not be taken for its duplicate.
     */
    @Test
    void aZombieRequestAppendedAfterTheWriterGaveUpDoesNotSwallowTheNextWrite() {
        startThreeBrokers();
        try (Writer writer = new Writer(writerThatGivesUpSoon())) {
            Message[] warmUp = messages("warm-up", 1);
            writer.writeMessages(warmUp);
            cluster.broker(0).refuseConnections();
            cluster.faults().next(Fault.ZOMBIE);

            Message[] stalled = messages("stalled", 5);
            assertThatThrownBy(() -> writer.writeMessages(stalled)).isInstanceOf(WriteException.class);
            assertThat(cluster.values(TOPIC, 0)).containsExactlyElementsOf(values(warmUp));

            cluster.broker(0).acceptConnections();
            Message[] next = messages("next", stalled.length);
            writer.writeMessages(next);

            assertThat(cluster.values(TOPIC, 0)).as("the stalled request landed first; the acknowledged write after it")
                    .containsExactlyElementsOf(values(warmUp, stalled, next));
        }
    }

    /**
     * A batch whose attempt may have been written (its answer came too late) is retried while another partition's
     * batch fails for good with an unknown outcome, which makes the writer take a new producer identity. Sent
     * under the new identity, the retry would be a new batch to the broker: written twice.
     */
    @Test
    void aBatchRetriedAcrossAChangeOfProducerIdentityIsWrittenOnce() throws Exception {
        startThreeBrokers();
        String topic = "two-leaders";
        cluster.createTopic(topic, 2); // partition 0 led by broker 0, partition 1 by broker 1
        try (Writer writer = new Writer(writerConfig(topic).maxAttempts(3).build())) {
            writer.writeMessages(Message.of("warm-up-0").withPartition(0), Message.of("warm-up-1").withPartition(1));
            cluster.faults().nextOn(0, Fault.TIMEOUT_AFTER_APPEND, Fault.TIMEOUT_AFTER_APPEND, Fault.TIMEOUT_AFTER_APPEND)
                    .nextOn(1, Fault.DELAY_RESPONSE);

            CompletableFuture<Void> givesUp = writer.writeMessagesAsync(Message.of("gives-up").withPartition(0));
            CompletableFuture<Void> late = writer.writeMessagesAsync(Message.of("late").withPartition(1));
            assertThatThrownBy(() -> givesUp.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(WriteException.class);
            late.get(30, TimeUnit.SECONDS);

            assertThat(cluster.values(topic, 1)).as("batches %s", cluster.batches(topic, 1)).containsExactly("warm-up-1", "late");
        }
    }

    /** A write whose leader stays unreachable fails, with a typed error, when its delivery timeout runs out. */
    @Test
    void aWriteThatCannotBeDeliveredFailsWithinItsDeliveryTimeout() {
        startThreeBrokers();
        Duration deliveryTimeout = Duration.ofSeconds(2);
        try (Writer writer = new Writer(writerConfig(TOPIC).deliveryTimeout(deliveryTimeout).build())) {
            writer.writeMessages(messages("warm-up", 1));
            cluster.broker(0).refuseConnections();
            cluster.faults().next(Fault.CLOSE_BEFORE_APPEND);

            CompletableFuture<Void> undeliverable = writer.writeMessagesAsync(messages("undeliverable", 3));
            try {
                assertThatThrownBy(() -> undeliverable.get(deliveryTimeout.plus(SCHEDULING_MARGIN).toMillis(), TimeUnit.MILLISECONDS))
                        .as("failure within the delivery timeout").isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(WriteException.class);
                WriteException failure = (WriteException) undeliverable.handle((ignored, error) -> error).join();
                assertThat(failure.errors()).allSatisfy(error -> assertThat(error.error()).isInstanceOf(KafkaTimeoutException.class));
            } finally {
                cluster.broker(0).acceptConnections(); // let the writer close
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void aWriteHitByAFaultTwiceIsInTheLogExactlyOnce(Fault fault) {
        startThreeBrokers();
        try (Writer writer = new Writer(writerConfig(TOPIC).build())) {
            Message[] warmUp = messages("warm-up", 1);
            writer.writeMessages(warmUp);
            cluster.faults().next(fault, fault);

            Message[] hit = messages("hit", 10);
            writer.writeMessages(hit);

            assertThat(cluster.faults().injected(fault)).isPositive();
            assertThat(cluster.values(TOPIC, 0)).containsExactlyElementsOf(values(warmUp, hit));
        }
    }

    @Test
    void lostResponsesWithALongDeliveryTimeoutAreRetriedUntilEveryMessageIsInTheLogOnce() throws Exception {
        startThreeBrokers();
        try (Writer writer = new Writer(writerConfig(TOPIC).build())) {
            Message[] warmUp = messages("warm-up", 1);
            writer.writeMessages(warmUp);
            cluster.faults().next(Fault.DROP_RESPONSE_AFTER_APPEND, Fault.PARTIAL_RESPONSE, Fault.DROP_RESPONSE_AFTER_APPEND);

            List<Message[]> calls = new ArrayList<>();
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Message[] call = messages("call" + i, 20);
                calls.add(call);
                pending.add(writer.writeMessagesAsync(call)); // several requests in flight when the answers get lost
            }
            CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

            List<String> expected = values(warmUp);
            calls.forEach(call -> expected.addAll(values(call)));
            assertThat(cluster.values(TOPIC, 0)).containsExactlyElementsOf(expected);
            assertThat(cluster.duplicatesAnswered(TOPIC, 0)).isPositive();
        }
    }

    @Test
    void aRequestTimedOutAfterAppendIsRetriedAsADuplicate() {
        startThreeBrokers();
        try (Writer writer = new Writer(writerConfig(TOPIC).build())) {
            Message[] warmUp = messages("warm-up", 1);
            writer.writeMessages(warmUp);
            cluster.faults().next(Fault.TIMEOUT_AFTER_APPEND);

            Message[] timedOut = messages("timed-out", 10);
            writer.writeMessages(timedOut);

            assertThat(cluster.values(TOPIC, 0)).containsExactlyElementsOf(values(warmUp, timedOut));
            assertThat(cluster.duplicatesAnswered(TOPIC, 0)).isEqualTo(1);
        }
    }

    @Test
    void aLeaderMoveWithReplicatedStateNeitherDuplicatesNorReorders() throws Exception {
        startThreeBrokers();
        String topic = "moving";
        int partitions = 3;
        cluster.createTopic(topic, partitions);
        try (Writer writer = new Writer(writerConfig(topic).build())) {
            List<List<String>> expected = new ArrayList<>();
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                String warmUp = "warm-up-" + p;
                writer.writeMessages(Message.of(warmUp).withPartition(p));
                expected.add(new ArrayList<>(List.of(warmUp)));
            }
            cluster.faults().next(Fault.NOT_LEADER, Fault.NOT_LEADER, Fault.NOT_LEADER, Fault.NOT_LEADER);

            for (int i = 0; i < 12; i++) {
                int partition = i % partitions;
                Message[] call = messages("p" + partition + "-call" + i, 20);
                for (int m = 0; m < call.length; m++) {
                    call[m] = call[m].withPartition(partition);
                }
                expected.get(partition).addAll(values(call));
                pending.add(writer.writeMessagesAsync(call));
            }
            CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

            assertThat(cluster.faults().injected(Fault.NOT_LEADER)).isEqualTo(4);
            for (int p = 0; p < partitions; p++) {
                assertThat(cluster.values(topic, p)).as("partition %d", p).containsExactlyElementsOf(expected.get(p));
            }
        }
    }

    @Test
    void aPartitionThatForgetsTheProducerMidStreamKeepsEveryMessageOnce() {
        startThreeBrokers();
        try (Writer writer = new Writer(writerConfig(TOPIC).build())) {
            Message[] before = messages("before", 5);
            writer.writeMessages(before);
            cluster.faults().next(Fault.FORGET_PRODUCERS);

            Message[] during = messages("during", 5);
            writer.writeMessages(during);
            Message[] after = messages("after", 5);
            writer.writeMessages(after);

            assertThat(cluster.producerStateLosses(TOPIC, 0)).isEqualTo(1);
            assertThat(cluster.values(TOPIC, 0)).containsExactlyElementsOf(values(before, during, after));
        }
    }

    @ParameterizedTest(name = "Produce v{0}")
    @ValueSource(shorts = {3, 7, 8, 9, 12})
    void aLostResponseIsRecognisedAsADuplicateAtEveryProduceVersion(short version) {
        start(SimulatedCluster.builder().maxProduceVersion(version));
        try (Writer writer = new Writer(writerConfig(TOPIC).build())) {
            Message[] warmUp = messages("warm-up", 1);
            writer.writeMessages(warmUp);
            cluster.faults().next(Fault.DROP_RESPONSE_AFTER_APPEND);

            Message[] lost = messages("lost", 10);
            writer.writeMessages(lost);

            assertThat(cluster.produceVersionsSeen()).containsExactly(version);
            assertThat(cluster.duplicatesAnswered(TOPIC, 0)).isEqualTo(1);
            assertThat(cluster.values(TOPIC, 0)).containsExactlyElementsOf(values(warmUp, lost));
        }
    }
}
