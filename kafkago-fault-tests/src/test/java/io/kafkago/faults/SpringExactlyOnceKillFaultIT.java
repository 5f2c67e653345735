package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 17: exactly-once under a crash, the Spring way. A Spring Boot application with a transactional
 * {@code @KafkaGoListener} of two members ({@link TransformingListenerApp}), whose handler writes each input's copy
 * through the injected Writer, is SIGKILLed in the middle of a stream of {@value #INPUTS} messages while both members
 * hold inside open transactions whose copies are already in the log; it is started again with the same transaction
 * instance id, so its members get their predecessors' transactional ids back, fence them and abort what they left
 * open, and the group goes on from the offsets the last committed transactions stored. Read with read_committed, the
 * output topic holds every input's copy exactly once.
 */
class SpringExactlyOnceKillFaultIT {

    private static final int PARTITIONS = 3;
    private static final int INPUTS = 50_000;
    /** The handler holds, inside the member's transaction, from this call on. */
    private static final int CALLS_BEFORE_HOLD = 20_000;
    /** Time for the held transactions' copies to reach the log before the kill. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration PROGRESS = Duration.ofMinutes(3);

    private KafkaProcessCluster cluster;
    private String input;
    private String output;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        input = TestTopics.unique("spring-eos-input");
        output = TestTopics.unique("spring-eos-output");
        FaultCluster.createDurableTopic(cluster, input, PARTITIONS);
        FaultCluster.createDurableTopic(cluster, output, PARTITIONS);
    }

    @Test
    void aKilledApplicationRestartedWithItsInstanceIdLeavesEachOutputExactlyOnce(@TempDir Path directory)
            throws InterruptedException {
        String group = input + "-group";
        String instance = "instance-a";
        List<String> ids = ExactlyOnceOutput.writeInputs(cluster, input, INPUTS);

        try (GroupOffsets offsets = new GroupOffsets(cluster.directBootstrapServers())) {
            Path firstOutput = directory.resolve("first.out");
            Process first = ChildJvm.start(TransformingListenerApp.class, firstOutput, cluster.bootstrapServers(), input,
                    output, group, instance, Integer.toString(CALLS_BEFORE_HOLD));
            try {
                Await.until(PROGRESS, "the first application to handle " + CALLS_BEFORE_HOLD + " inputs and hold", () -> {
                    assertThat(first.isAlive()).as("first application alive (its log: %s.log)", firstOutput).isTrue();
                    return ChildJvm.lines(firstOutput).contains("holding");
                });
                Thread.sleep(SETTLE.toMillis());
            } finally {
                first.destroyForcibly(); // SIGKILL inside the open transactions
                first.waitFor();
            }
            long committedByFirst = offsets.committed(group, input).values().stream().mapToLong(Long::longValue).sum();
            assertThat(committedByFirst).as("inputs committed before the kill").isPositive().isLessThan(INPUTS);

            Path secondOutput = directory.resolve("second.out");
            Process second = ChildJvm.start(TransformingListenerApp.class, secondOutput, cluster.bootstrapServers(),
                    input, output, group, instance, "-1");
            try {
                Map<Integer, Long> ends = offsets.ends(input, PARTITIONS);
                Await.until(PROGRESS, "the second application to commit every input", () -> {
                    assertThat(second.isAlive()).as("second application alive (its log: %s.log)", secondOutput)
                            .isTrue();
                    return offsets.committed(group, input).equals(ends);
                });
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }

            long aborted = ExactlyOnceOutput.assertEachOnce(cluster, output, ids, "spring exactly-once kill ("
                    + committedByFirst + " inputs committed before the kill)");
            assertThat(aborted).as("copies of the killed transactions, visible to read_uncommitted only").isPositive();
        }
    }
}
