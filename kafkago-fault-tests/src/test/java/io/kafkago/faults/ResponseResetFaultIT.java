package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Writer;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: connections are reset in the middle of a response frame. Each broker's proxy forwards about half of
 * the next {@value #CUT_PER_BROKER} Produce responses, then resets the connection (the batches were appended); in a
 * second round each proxy also cuts its next Metadata response, so a refresh that follows a lost connection can fail
 * the same way.
 * With the Writer's defaults, every cut batch must be retried under its own sequence numbers: no write fails, none
 * is written twice.
 */
class ResponseResetFaultIT {

    private static final int PARTITIONS = 3;
    private static final int CUT_PER_BROKER = 5;
    private static final Duration PROGRESS = Duration.ofMinutes(2);
    private static final short PRODUCE = ApiKeys.PRODUCE.id;
    private static final short METADATA = ApiKeys.METADATA.id;

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("reset-in-response");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void responsesCutMidFrameAreRetriedWithoutFailingAWrite() {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        try (Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).spread(2, ProducerLoad.Mode.SYNC,
                     ProducerLoad.Mode.ASYNC).start()) {
            load.awaitAcknowledged(5_000, PROGRESS);
            cutProduceResponses();
            load.awaitAcknowledged(5_000, PROGRESS);

            long metadataResponsesBefore = metadataResponses();
            cluster.brokerIds().forEach(broker -> cluster.proxy(broker).resetInResponse(METADATA, 1));
            cutProduceResponses();
            // each proxy cuts its first Metadata response from now on: one more response anywhere means one was cut
            Await.until(PROGRESS, "a Metadata response", () -> metadataResponses() > metadataResponsesBefore);
            load.awaitAcknowledged(5_000, PROGRESS);

            load.close();
            assertThat(load.failures()).as("writes that failed although every cut write was in the log").isEmpty();
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "reset in response");
            assertThat(report.failed()).isZero();
        }
    }

    /** Cuts the next {@value #CUT_PER_BROKER} Produce responses at every broker and waits until they were cut. */
    private void cutProduceResponses() {
        Map<Integer, Long> cutBefore = new HashMap<>();
        for (int broker : cluster.brokerIds()) {
            cutBefore.put(broker, cluster.proxy(broker).cutResponses());
            cluster.proxy(broker).resetInResponse(PRODUCE, CUT_PER_BROKER);
        }
        for (int broker : cluster.brokerIds()) {
            cluster.proxy(broker).awaitCutResponses(cutBefore.get(broker) + CUT_PER_BROKER, PROGRESS);
        }
    }

    private long metadataResponses() {
        return cluster.brokerIds().stream().mapToLong(broker -> cluster.proxy(broker).responses(METADATA)).sum();
    }
}
