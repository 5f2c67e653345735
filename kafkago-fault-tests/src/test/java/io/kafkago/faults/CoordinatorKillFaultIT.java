package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 12: the broker coordinating a consumer group is SIGKILLed while the group's two members consume and commit
 * (and an application writes), and restarted later. The group's offsets stay with the dead broker until the controller
 * fences it ({@code broker.session.timeout.ms}, 9 s by default) and the new leader of its {@code __consumer_offsets}
 * partition has loaded them; meanwhile commits meet refused connections, NOT_COORDINATOR and
 * COORDINATOR_LOAD_IN_PROGRESS. The Readers must retry all of that within their operation timeout (60 s) without an
 * error reaching the application, skip nothing, and redeliver no more than rebalances left uncommitted.
 */
class CoordinatorKillFaultIT {

    private static final int PARTITIONS = 3;
    private static final int PROGRESS_MESSAGES = 2_000;
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;
    private String group;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("coordinator-kill");
        group = topic + "-group";
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void commitsRideOutAKilledGroupCoordinatorWithoutErrorsOrSkips() {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        String[] brokers = cluster.bootstrapServers().split(",");
        ReaderConfig member = ReaderConfig.builder().brokers(brokers).topic(topic).groupId(group).build();
        try (Writer writer = new Writer(WriterConfig.builder().brokers(brokers).topic(topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).messagesPerCall(10).spread(1, ProducerLoad.Mode.SYNC).start();
             GroupMembers members = GroupMembers.start(member, 2);
             GroupOffsets offsets = new GroupOffsets(cluster.directBootstrapServers())) {
            members.awaitCommitted(PROGRESS_MESSAGES, PROGRESS);
            int coordinator = cluster.groupCoordinatorOf(group);
            cluster.kill(coordinator);
            members.awaitCommitted(PROGRESS_MESSAGES, PROGRESS); // commits go on with the new coordinator
            cluster.restart(coordinator);
            members.awaitCommitted(PROGRESS_MESSAGES, PROGRESS);
            load.close();
            Map<Integer, Long> ends = offsets.ends(topic, PARTITIONS);
            members.awaitConsumedBelow(ends, PROGRESS);
            Await.until(PROGRESS, "every partition committed to its end " + ends,
                    () -> offsets.committed(group, topic).equals(ends));
            members.close();

            DeliveryReport written = checker.check(cluster, topic);
            System.out.println("coordinator kill (broker " + coordinator + "): written " + written + "; "
                    + members.summary());
            members.assertConsumedAtLeastOnce(checker);
            written.assertClean();
            assertThat(load.failures()).as("writes that failed although two brokers were always up").isEmpty();
        }
    }
}
