package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Writer;
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
 * Scenario 9: partition leaders move while every broker stays up, the way operators move them: each partition's
 * leadership handed to another in-sync replica (reassignment that puts it first, then a preferred-replica election),
 * a replica order changed by reassignment and then applied by a preferred-replica election for the whole topic, and
 * a reassignment that drops the leader from the replicas. The old leader answers NOT_LEADER_OR_FOLLOWER; with the
 * Writer's defaults every write must follow the leader without failing, and nothing may be written twice.
 */
class LeaderMoveFaultIT {

    private static final int PARTITIONS = 3;
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("leader-move");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void writesFollowLeadersMovedByElectionAndReassignmentWithoutFailing() {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        try (Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).spread(2, ProducerLoad.Mode.SYNC,
                     ProducerLoad.Mode.ASYNC).start()) {
            load.awaitAcknowledged(5_000, PROGRESS);

            for (int partition = 0; partition < PARTITIONS; partition++) {
                int leader = cluster.leaderOf(topic, partition);
                int next = cluster.isrOf(topic, partition).stream().filter(id -> id != leader).findFirst()
                        .orElseThrow();
                cluster.moveLeader(topic, partition, next);
                load.awaitAcknowledged(2_000, PROGRESS);
            }

            int electedFrom = cluster.leaderOf(topic, 0);
            List<Integer> rotated = new ArrayList<>(cluster.replicasOf(topic, 0));
            rotated.add(rotated.remove(0));
            cluster.reassign(topic, 0, rotated); // the leader stays a replica, so it stays the leader until...
            cluster.electPreferredLeaders(topic); // ...the election makes the new first replica lead
            assertThat(cluster.leaderOf(topic, 0)).as("leader after the election").isNotEqualTo(electedFrom);
            load.awaitAcknowledged(2_000, PROGRESS);

            int droppedLeader = cluster.leaderOf(topic, 1);
            List<Integer> withoutLeader = cluster.replicasOf(topic, 1).stream().filter(id -> id != droppedLeader)
                    .toList();
            cluster.reassign(topic, 1, withoutLeader);
            assertThat(cluster.leaderOf(topic, 1)).as("leader after the reassignment").isNotEqualTo(droppedLeader);
            load.awaitAcknowledged(2_000, PROGRESS);

            load.close();
            assertThat(load.failures()).as("writes that failed although every partition always had a leader").isEmpty();
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "leader move");
            assertThat(report.failed()).isZero();
        }
    }
}
