package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The input and the check of the exactly-once crash scenarios: inputs {@code input-0 ... input-<n-1>} (each its own
 * key and value), and an output topic that must hold, read with read_committed, each input's copy exactly once.
 */
final class ExactlyOnceOutput {

    private ExactlyOnceOutput() {
    }

    /** Writes {@code count} inputs and returns their values. */
    static List<String> writeInputs(KafkaProcessCluster cluster, String topic, int count) {
        List<String> ids = new ArrayList<>(count);
        try (Writer writer = new Writer(WriterConfig.builder().brokers(cluster.bootstrapServers().split(","))
                .topic(topic).build())) {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = "input-" + i;
                ids.add(id);
                batch.add(Message.of(id, id));
                if (batch.size() == 5_000) {
                    writer.writeMessages(batch);
                    batch.clear();
                }
            }
            writer.writeMessages(batch);
        }
        return ids;
    }

    /**
     * Asserts that read_committed shows each of {@code ids} in {@code output} exactly once and nothing else, and returns
     * how many more records read_uncommitted shows: the copies of aborted transactions.
     */
    static long assertEachOnce(KafkaProcessCluster cluster, String output, List<String> ids, String scenario) {
        Map<String, Integer> committedCopies = TopicValues.count(cluster.directBootstrapServers(), output, "read_committed");
        Map<String, Integer> allCopies = TopicValues.count(cluster.directBootstrapServers(), output, "read_uncommitted");
        long committed = committedCopies.values().stream().mapToLong(Integer::longValue).sum();
        long all = allCopies.values().stream().mapToLong(Integer::longValue).sum();
        System.out.printf("%s: output read_committed %d records, read_uncommitted %d (%d of aborted transactions)%n",
                scenario, committed, all, all - committed);
        Set<String> duplicated = committedCopies.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(ids);
        missing.removeAll(committedCopies.keySet());
        assertThat(missing).as("inputs without a committed copy").isEmpty();
        assertThat(duplicated).as("inputs with more than one committed copy").isEmpty();
        assertThat(committedCopies.keySet()).as("committed copies of something never written")
                .containsExactlyInAnyOrderElementsOf(ids);
        return all - committed;
    }
}
