package io.kafkago.benchmarks.endtoend;

import io.kafkago.IsolationLevel;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import java.time.Duration;
import java.util.UUID;

/**
 * Consumes with kafkago's Reader as a fresh group member from the first offset. Commits go out every 5 seconds
 * and the isolation level is read-uncommitted, matching kafka-clients' defaults in the other run.
 */
final class KafkagoConsume implements Workload {

    @Override
    public long run(String bootstrap, String topic, int messages, int messageSize) {
        long bytes = 0;
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(bootstrap).topic(topic)
                .groupId("bench-kafkago-" + UUID.randomUUID()).startOffset(ReaderConfig.FIRST_OFFSET)
                .commitInterval(Duration.ofSeconds(5)).isolationLevel(IsolationLevel.READ_UNCOMMITTED).build())) {
            for (int i = 0; i < messages; i++) {
                Message message = reader.readMessage();
                bytes += message.value().length;
            }
        }
        return bytes;
    }
}
