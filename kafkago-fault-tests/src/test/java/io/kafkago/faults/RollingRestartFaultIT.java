package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: every broker is restarted in turn (graceful stop, then restart, one after the other), as an operator
 * rolls out a new version, while an application writes with the Writer's defaults and a two-member consumer group
 * reads with {@code fetchMessage} and commits with {@code commitMessages}. Each stop moves partition leaders and the
 * group's coordinator away, each restart brings a broker back that has to catch up. The Writer must fail no write and
 * lose, duplicate or reorder none it acknowledged; the group must consume every acknowledged message, redeliver no
 * more than rebalances left uncommitted, and never see a commit (or fetch) error.
 */
class RollingRestartFaultIT {

    private static final int PARTITIONS = 3;
    private static final int PROGRESS_MESSAGES = 2_000;
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("rolling-restart");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void writesAndAConsumerGroupRideOutARestartOfEveryBroker() {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        String[] brokers = cluster.bootstrapServers().split(",");
        ReaderConfig member = ReaderConfig.builder().brokers(brokers).topic(topic).groupId(topic + "-group").build();
        try (Writer writer = new Writer(WriterConfig.builder().brokers(brokers).topic(topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).messagesPerCall(10)
                     .spread(1, ProducerLoad.Mode.SYNC, ProducerLoad.Mode.ASYNC).start();
             GroupMembers group = GroupMembers.start(member, 2);
             GroupOffsets offsets = new GroupOffsets(cluster.directBootstrapServers())) {
            awaitProgress(load, group);
            for (int broker : cluster.brokerIds()) {
                cluster.stop(broker);
                awaitProgress(load, group); // both go on while the broker is down
                cluster.restart(broker); // returns once it is back in every ISR, so the next stop leaves two
                awaitProgress(load, group);
            }
            load.close();
            assertThat(load.failures()).as("writes that failed although two brokers were always up").isEmpty();
            group.awaitConsumedBelow(offsets.ends(topic, PARTITIONS), PROGRESS);
            group.close();

            DeliveryReport written = checker.check(cluster, topic);
            System.out.println("rolling restart: written " + written + "; " + group.summary());
            written.assertClean();
            assertThat(written.failed()).isZero();
            group.assertConsumedAtLeastOnce(checker);
        }
    }

    private static void awaitProgress(ProducerLoad load, GroupMembers group) {
        load.awaitAcknowledged(PROGRESS_MESSAGES, PROGRESS);
        group.awaitCommitted(PROGRESS_MESSAGES, PROGRESS);
    }
}
