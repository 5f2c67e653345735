package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The Writer's threads grow with broker connections, never with partitions. It counts every kafkago thread of the JVM,
 * so it runs {@link Isolated} from the other integration test classes (which run concurrently and open connections of
 * their own).
 */
@KafkaTest
@Isolated("counts all kafkago threads of the JVM")
class WriterThreadsIT {

    KafkaTestCluster kafka;

    @Test
    void threadsDoNotGrowWithPartitions() {
        String topic = kafka.createUniqueTopic("many-partitions", 60);
        try (Writer writer = new Writer(WriterConfig.builder().brokers(kafka.bootstrapServers().split(","))
                .topic(topic).balancer(new RoundRobin()).build())) {
            writer.writeMessages(Message.of("opens the connection"));
            long threads = kafkagoThreads();
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 6_000; i++) {
                messages.add(Message.of("m" + i));
            }
            writer.writeMessages(messages);
            assertThat(writer.stats().batches()).as("a batch for each of the 60 partitions").isGreaterThanOrEqualTo(60);
            assertThat(kafkagoThreads()).isEqualTo(threads);
        }
    }

    private static long kafkagoThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("kafkago")).count();
    }
}
