package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Writer's default balancer (Murmur2Balancer) sends each key to the partition kafka-clients' default
 * partitioner picks, checked end to end: both clients write the same keys to equally sized topics and the
 * partitions found there must agree key by key.
 */
@KafkaTest
class WriterPartitioningIT {

    private static final int KEYS = 2_000;

    KafkaTestCluster kafka;

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void keysLandWhereKafkaClientsPutsThem(int partitions) throws Exception {
        String byKafkaClients = kafka.createUniqueTopic("murmur2-kafka-clients", partitions);
        String byKafkago = kafka.createUniqueTopic("murmur2-kafkago", partitions);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < KEYS; i++) {
                producer.send(new ProducerRecord<>(byKafkaClients, key(i), "v"));
            }
            producer.flush();
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            messages.add(Message.of(key(i), "v"));
        }
        try (Writer writer = new Writer(WriterConfig.builder().brokers(kafka.bootstrapServers().split(","))
                .topic(byKafkago).build())) {
            assertThat(writer.config().balancer()).isInstanceOf(Murmur2Balancer.class);
            writer.writeMessages(messages);
        }
        Map<String, Integer> expected = partitionByKey(byKafkaClients);
        Map<String, Integer> actual = partitionByKey(byKafkago);
        assertThat(expected).hasSize(KEYS);
        assertThat(actual).isEqualTo(expected);
        assertThat(new java.util.HashSet<>(actual.values())).as("keys spread over every partition").hasSize(partitions);
    }

    private static String key(int i) {
        return "customer-" + i * 7919;
    }

    private Map<String, Integer> partitionByKey(String topic) {
        Map<String, Integer> partitions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : WriterReadBack.readAll(kafka.clientProperties(), topic, KEYS)) {
            partitions.put(new String(record.key(), UTF_8), record.partition());
        }
        return partitions;
    }
}
