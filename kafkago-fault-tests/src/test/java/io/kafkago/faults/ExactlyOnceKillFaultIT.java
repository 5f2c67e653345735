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
 * Scenario 15: exactly-once under a crash. A consume-transform-produce process ({@link TransformingProcessor}: a group
 * Reader, a transactional Writer, one transaction per batch that writes the outputs and commits the inputs' offsets)
 * is SIGKILLed in the middle of a stream of {@value #INPUTS} messages, inside a transaction whose outputs are already
 * in the log (the processor holds there on purpose), then started again with the same transactional id and group. The killed process's open transaction is aborted when its successor fences it, and the successor goes
 * on from the offsets the last committed transaction stored. Read with read_committed, the output topic holds every
 * input's copy exactly once; read_uncommitted shows what the aborted transaction had written.
 */
class ExactlyOnceKillFaultIT {

    private static final int PARTITIONS = 3;
    private static final int INPUTS = 50_000;
    /** The processor holds inside the transaction after this many committed inputs, and is killed there. */
    private static final int COMMITTED_BEFORE_KILL = 20_000;
    private static final Duration PROGRESS = Duration.ofMinutes(3);

    private KafkaProcessCluster cluster;
    private String input;
    private String output;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        input = TestTopics.unique("eos-input");
        output = TestTopics.unique("eos-output");
        FaultCluster.createDurableTopic(cluster, input, PARTITIONS);
        FaultCluster.createDurableTopic(cluster, output, PARTITIONS);
    }

    @Test
    void aKilledProcessorRestartedWithItsTransactionalIdLeavesEachOutputExactlyOnce(@TempDir Path directory)
            throws InterruptedException {
        String group = input + "-group";
        String transactionalId = input + "-processor";
        List<String> ids = ExactlyOnceOutput.writeInputs(cluster, input, INPUTS);

        Path firstOutput = directory.resolve("first.out");
        Process first = TransformingProcessor.start(firstOutput, cluster.bootstrapServers(), input, output, group,
                transactionalId, COMMITTED_BEFORE_KILL);
        try {
            Await.until(PROGRESS, "the first processor to commit " + COMMITTED_BEFORE_KILL + " inputs and hold inside"
                    + " the next transaction", () -> {
                assertThat(first.isAlive()).as("first processor alive (its log: %s.log)", firstOutput).isTrue();
                return ChildJvm.lines(firstOutput).stream().anyMatch(line -> line.startsWith("holding "));
            });
        } finally {
            first.destroyForcibly(); // SIGKILL inside the open transaction
            first.waitFor();
        }
        long committedByFirst = committedInputs(firstOutput);
        long heldAtKill = ChildJvm.lines(firstOutput).stream().filter(line -> line.startsWith("holding "))
                .mapToLong(line -> Long.parseLong(line.substring("holding ".length()))).sum();

        Path secondOutput = directory.resolve("second.out");
        Process second = TransformingProcessor.start(secondOutput, cluster.bootstrapServers(), input, output, group,
                transactionalId, -1);
        try (GroupOffsets offsets = new GroupOffsets(cluster.directBootstrapServers())) {
            Map<Integer, Long> ends = offsets.ends(input, PARTITIONS);
            Await.until(PROGRESS, "the second processor to commit every input", () -> {
                assertThat(second.isAlive()).as("second processor alive (its log: %s.log)", secondOutput).isTrue();
                return offsets.committed(group, input).equals(ends);
            });
        } finally {
            second.destroyForcibly();
            second.waitFor();
        }

        long aborted = ExactlyOnceOutput.assertEachOnce(cluster, output, ids, "exactly-once kill (first processor"
                + " committed " + committedByFirst + " inputs before the kill, second " + committedInputs(secondOutput)
                + ")");
        assertThat(aborted).as("copies the killed transaction had written, visible to read_uncommitted only")
                .isEqualTo(heldAtKill);
    }

    private static long committedInputs(Path processorOutput) {
        return ChildJvm.lines(processorOutput).stream().filter(line -> line.startsWith("committed "))
                .mapToLong(line -> Long.parseLong(line.substring("committed ".length()))).sum();
    }
}
