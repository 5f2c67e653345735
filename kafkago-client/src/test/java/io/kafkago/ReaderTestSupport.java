package io.kafkago;

import io.kafkago.test.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes test data with kafka-clients (an independent producer) for the Reader's broker tests. */
final class ReaderTestSupport {

    private ReaderTestSupport() {
    }

    /** A kafka-clients producer on the cluster with extra settings. */
    static KafkaProducer<byte[], byte[]> producer(KafkaTestCluster cluster, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(cluster.clientProperties());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.putAll(extra);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Writes {@code count} messages {@code key-i}/{@code value-i} (i from {@code first}) to one
     * partition and waits for all acknowledgements.
     */
    static void produce(KafkaTestCluster cluster, String topic, int partition, int first, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster, Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, partition, utf8("key-" + i), utf8("value-" + i))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A partition-mode config for the cluster. */
    static ReaderConfig.Builder partitionReader(KafkaTestCluster cluster, String topic, int partition) {
        return ReaderConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic).partition(partition);
    }
}
