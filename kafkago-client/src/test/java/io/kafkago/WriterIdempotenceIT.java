package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The idempotent producer against a broker that forgets it: this broker expires idle producer ids after two
 * seconds, so after a pause the writer's next sequence number follows nothing the broker knows. Brokers since
 * Kafka 2.5 accept that (KIP-360); older ones answer UNKNOWN_PRODUCER_ID, which the writer meets with an epoch
 * bump. Either way nothing may be lost or duplicated.
 */
@KafkaTest(brokerProperties = {"producer.id.expiration.ms=2000", "producer.id.expiration.check.interval.ms=200"})
class WriterIdempotenceIT {

    KafkaTestCluster kafka;

    @Test
    void brokerThatLostOurProducerStateGetsANewEpochAndEveryMessageOnce() throws Exception {
        String topic = kafka.createUniqueTopic("lost-producer-state", 1);
        try (Writer writer = new Writer(WriterConfig.builder().brokers(kafka.bootstrapServers().split(",")).topic(topic)
                .build());
             Admin admin = Admin.create(kafka.clientProperties())) {
            writer.writeMessages(Message.of("first-1"), Message.of("first-2"), Message.of("first-3"));
            TopicPartition partition = new TopicPartition(topic, 0);
            Await.until(Duration.ofSeconds(60), "the broker to expire the writer's producer id", () -> {
                try {
                    return admin.describeProducers(List.of(partition)).partitionResult(partition).get()
                            .activeProducers().isEmpty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The next sequence (3) follows nothing the broker knows any more.
            writer.writeMessages(Message.of("second-1"), Message.of("second-2"));
            writer.writeMessages(Message.of("third"));
            assertThat(writer.stats().errors()).isZero();
        }
        assertThat(WriterReadBack.readAll(kafka.clientProperties(), topic, 6)).extracting(r -> new String(r.value(), UTF_8))
                .containsExactly("first-1", "first-2", "first-3", "second-1", "second-2", "third");
    }
}
