package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces and consumes with kafka-clients to prove that a test cluster really works. */
public final class ClientRoundTrip {

    private static final Duration ROUND_TRIP_TIMEOUT = Duration.ofSeconds(30);

    private ClientRoundTrip() {
    }

    /**
     * Produces {@code values} to partition 0 with acks=all, waiting up to {@code timeout} for each, and returns the
     * offsets the broker assigned.
     */
    public static List<Long> produce(Map<String, Object> clientProperties, String topic, List<String> values,
            Duration timeout) throws Exception {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, 0, "key-" + value, value))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                offsets.add(metadata.offset());
            }
        }
        return offsets;
    }

    /** Reads partition 0 from offset 0 until {@code count} records arrived or {@code timeout} passed; returns their values. */
    public static List<String> consume(Map<String, Object> clientProperties, String topic, int count, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    /** Produces three records, reads them back and checks offsets and values. */
    static void assertRoundTrip(Map<String, Object> clientProperties, String topic) throws Exception {
        List<String> values = List.of("one!", "two!", "three!");
        List<Long> offsets = produce(clientProperties, topic, values, ROUND_TRIP_TIMEOUT);
        assertThat(offsets).containsExactly(0L, 1L, 2L);
        assertThat(consume(clientProperties, topic, values.size(), ROUND_TRIP_TIMEOUT)).containsExactlyElementsOf(values);
    }
}
