package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveredRecord;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 10: a consumer process that commits every {@value #COMMIT_EVERY} messages is SIGKILLed while it holds
 * messages it handled but has not committed yet, and a replacement member takes its partitions over. At-least-once
 * means the replacement starts each partition exactly at the last committed offset: nothing the killed consumer left
 * uncommitted is skipped, everything it committed is not delivered again, so the duplicates are exactly the messages
 * that were uncommitted at the kill.
 *
 * <p>The killed consumer ({@link CommittingConsumer}) runs in a JVM of its own, so the kill is real: no close, no final
 * commit, no LeaveGroup; the group learns of its end only when its session times out (45 s by default), which is what
 * the replacement waits for.
 */
class ConsumerKillFaultIT {

    private static final int PARTITIONS = 3;
    private static final int COMMIT_EVERY = 100;
    private static final int COMMITS_BEFORE_KILL = 20;
    /** What the killed consumer handled but did not commit: half a commit's worth. */
    private static final int UNCOMMITTED_AT_KILL = COMMIT_EVERY / 2;
    private static final int WRITTEN_BEFORE_KILL = COMMITS_BEFORE_KILL * COMMIT_EVERY + UNCOMMITTED_AT_KILL;
    private static final int WRITTEN_AFTER_KILL = 1_000;
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;
    private String group;
    private final DeliveryChecker checker = DeliveryChecker.readingValues();

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("consumer-kill");
        group = topic + "-group";
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void aReplacementReconsumesFromTheLastCommitExactlyWhatTheKilledConsumerLeftUncommitted(@TempDir Path directory)
            throws InterruptedException {
        try (Writer writer = new Writer(WriterConfig.builder().brokers(cluster.bootstrapServers().split(","))
                .topic(topic).build());
             GroupOffsets offsets = new GroupOffsets(cluster.directBootstrapServers())) {
            write(writer, WRITTEN_BEFORE_KILL);
            List<DeliveredRecord> killedConsumed = consumeAndKill(directory.resolve("consumer.out"));
            Map<Integer, Long> committedAtKill = offsets.committed(group, topic);
            write(writer, WRITTEN_AFTER_KILL);
            Map<Integer, Long> ends = offsets.ends(topic, PARTITIONS);

            List<DeliveredRecord> replacementConsumed;
            try (GroupMembers replacement = GroupMembers.start(ReaderConfig.builder()
                    .brokers(cluster.bootstrapServers().split(",")).topic(topic).groupId(group).build(), 1)) {
                replacement.awaitConsumed(committedAtKill, ends, PROGRESS);
                replacement.close();
                assertThat(replacement.errors()).as("errors thrown at the replacement").isEmpty();
                replacementConsumed = replacement.consumed();
            }

            Set<DeliveredRecord> uncommittedAtKill = killedConsumed.stream()
                    .filter(record -> record.offset() >= committedAtKill.getOrDefault(record.partition(), 0L))
                    .collect(Collectors.toSet());
            Set<DeliveredRecord> consumedTwice = replacementConsumed.stream().filter(killedConsumed::contains)
                    .collect(Collectors.toSet());
            System.out.printf("consumer kill: killed consumer handled %d, committed %s; replacement consumed %d, "
                    + "%d of them again%n", killedConsumed.size(), committedAtKill, replacementConsumed.size(),
                    consumedTwice.size());
            assertThat(committedAtKill.values().stream().mapToLong(Long::longValue).sum())
                    .as("messages the killed consumer committed").isEqualTo(COMMITS_BEFORE_KILL * COMMIT_EVERY);
            assertThat(uncommittedAtKill).as("handled but uncommitted at the kill").hasSize(UNCOMMITTED_AT_KILL);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                int p = partition;
                assertThat(replacementConsumed.stream().filter(record -> record.partition() == p)
                        .map(DeliveredRecord::offset))
                        .as("offsets of partition %d the replacement consumed: from the last commit on, once each", p)
                        .containsExactlyElementsOf(LongStream.range(committedAtKill.getOrDefault(p, 0L), ends.get(p))
                                .boxed().toList());
            }
            assertThat(consumedTwice).as("consumed twice: exactly what was uncommitted at the kill")
                    .isEqualTo(uncommittedAtKill);
            List<DeliveredRecord> all = Stream.concat(killedConsumed.stream(), replacementConsumed.stream()).toList();
            assertThat(checker.check(all).lost()).as("written messages nobody consumed").isEmpty();
        }
    }

    private void write(Writer writer, int messages) {
        List<Message> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String id = checker.nextId("writer");
            ids.add(id);
            batch.add(Message.of(id, id));
        }
        writer.writeMessages(batch.toArray(Message[]::new));
        ids.forEach(checker::acknowledged);
    }

    /**
     * Runs the consumer process until it has handled everything written and committed all but its last, incomplete
     * commit's worth, then SIGKILLs it; returns what it handled.
     */
    private List<DeliveredRecord> consumeAndKill(Path output) throws InterruptedException {
        Process consumer = CommittingConsumer.start(output, cluster.bootstrapServers(), topic, group, COMMIT_EVERY);
        try {
            Await.until(PROGRESS, "the consumer process to handle " + WRITTEN_BEFORE_KILL + " messages and commit "
                    + COMMITS_BEFORE_KILL + " times", () -> {
                        assertThat(consumer.isAlive()).as("consumer process alive (its log: %s.log)", output).isTrue();
                        List<String> lines = ChildJvm.lines(output);
                        return count(lines, "consumed ") == WRITTEN_BEFORE_KILL
                                && count(lines, "committed ") == COMMITS_BEFORE_KILL;
                    });
        } finally {
            consumer.destroyForcibly(); // SIGKILL
            consumer.waitFor();
        }
        return ChildJvm.lines(output).stream().filter(line -> line.startsWith("consumed ")).map(line -> {
            String[] fields = line.split(" ", 4);
            return new DeliveredRecord(fields[3], Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
        }).toList();
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }
}
