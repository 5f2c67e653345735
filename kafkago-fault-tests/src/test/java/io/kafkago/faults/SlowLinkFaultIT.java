package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Writer;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.FaultProxy;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: every link is slow, {@value #LATENCY_MILLIS} ms added to each frame each way and
 * {@value #BYTES_PER_SECOND} bytes a second per connection and direction, while an application writes more than
 * the links carry. All partitions of the topic are led by one broker, so the Writer's backlog for it (the
 * application keeps about 31 MB unanswered, within the Writer's default 32 MiB buffer) takes longer to cross its link
 * than the default request timeout of 20 s: sent all at once, the last requests would time out again and again.
 *
 * <p>With the Writer's defaults no write may fail and none may be written twice. Once the Writer has seen the slow
 * link for a while (requests it sent to the fast link before the cap may still time out), it must size what it has in
 * flight to the link: while the rest of the backlog crosses, no request times out, which would close the connection,
 * so the Writer opens no new connection to the broker.
 */
class SlowLinkFaultIT {

    private static final int PARTITIONS = 6;
    private static final long LATENCY_MILLIS = 50;
    private static final long BYTES_PER_SECOND = 1_000_000;
    /** 6 async threads keeping 20 calls each unanswered: 6 x 20 x 64 messages of 4 KiB, about 31 MB. */
    private static final int VALUE_BYTES = 4096;
    private static final int MESSAGES_PER_CALL = 64;
    /** Messages acknowledged over the slow links while the Writer learns their pace: about 33 MB, over 30 s. */
    private static final int LEARNING_MESSAGES = 8_000;
    /** Messages acknowledged over the slow links afterwards: more than the backlog, so all of it crosses. */
    private static final int SLOW_MESSAGES = 8_000;
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;
    private int hotBroker;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("slow-link");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
        hotBroker = cluster.leaderOf(topic, 0);
        for (int partition = 1; partition < PARTITIONS; partition++) {
            if (cluster.leaderOf(topic, partition) != hotBroker) {
                cluster.moveLeader(topic, partition, hotBroker);
            }
        }
    }

    @Test
    void aBacklogLargerThanTheLinkCarriesInARequestTimeoutCrossesWithoutTimeoutsOrFailures() {
        DeliveryChecker checker = DeliveryChecker.readingHeader("delivery-id");
        FaultProxy hot = cluster.proxy(hotBroker);
        try (Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).messagesPerCall(MESSAGES_PER_CALL)
                     .valueBytes(VALUE_BYTES).pinned(PARTITIONS, ProducerLoad.Mode.ASYNC)
                     .spread(1, ProducerLoad.Mode.SYNC).start()) {
            load.awaitAcknowledged(2_000, PROGRESS);

            long connectionsAtCap = hot.acceptedConnections();
            cluster.brokerIds().forEach(broker -> cluster.proxy(broker)
                    .latency(Duration.ofMillis(LATENCY_MILLIS)).bandwidth(BYTES_PER_SECOND));
            long cappedAt = System.nanoTime();
            load.awaitAcknowledged(LEARNING_MESSAGES, PROGRESS);
            long connectionsLearnt = hot.acceptedConnections();
            long learntAt = System.nanoTime();
            load.awaitAcknowledged(SLOW_MESSAGES, PROGRESS);
            long newConnections = hot.acceptedConnections() - connectionsLearnt;
            System.out.printf("slow link: %d + %d messages of %d bytes acknowledged over the slow links in %d + %d s;"
                    + " new connections to the hot broker %d: %d while learning, %d after%n", LEARNING_MESSAGES,
                    SLOW_MESSAGES, VALUE_BYTES, Duration.ofNanos(learntAt - cappedAt).toSeconds(),
                    Duration.ofNanos(System.nanoTime() - learntAt).toSeconds(), hotBroker,
                    connectionsLearnt - connectionsAtCap, newConnections);
            assertThat(newConnections).as("connections to the hot broker the Writer replaced after a request timed"
                    + " out on the slow link").isZero();
            cluster.healProxies();
            load.awaitAcknowledged(2_000, PROGRESS);

            load.close();
            assertThat(load.failures()).as("writes that failed on links that were slow but working").isEmpty();
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "slow link");
            assertThat(report.failed()).isZero();
        }
    }
}
