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

/** Writes test data with kafka-clients (an independent producer) for the Reader's and Conn's broker tests. */
final class ReaderTestSupport {

    private ReaderTestSupport() {
    }

    /** The values {@link #writeTransactionalHistory} leaves visible to READ_COMMITTED, in offset order. */
    static final List<String> COMMITTED_HISTORY = List.of("committed-1-0", "committed-1-1", "committed-1-2", "plain-1",
            "committed-2-0", "committed-2-1", "committed-2-2", "committed-3-0", "committed-3-1", "committed-3-2");
    /** Records {@link #writeTransactionalHistory} writes, control records not counted. */
    static final int HISTORY_RECORDS = 16;

    /**
     * Writes, to partition 0, transactions of three records each, committed and aborted in turn, with a
     * non-transactional record between them: committed-1, aborted-1, plain-1, committed-2, aborted-2, committed-3.
     */
    static void writeTransactionalHistory(KafkaTestCluster cluster, String topic) {
        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster, transactional);
             KafkaProducer<byte[], byte[]> plain = producer(cluster, Map.of())) {
            producer.initTransactions();
            writeTransaction(producer, topic, "committed-1", true);
            writeTransaction(producer, topic, "aborted-1", false);
            plain.send(new ProducerRecord<>(topic, 0, null, "plain-1".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            writeTransaction(producer, topic, "committed-2", true);
            writeTransaction(producer, topic, "aborted-2", false);
            writeTransaction(producer, topic, "committed-3", true);
        } catch (Exception e) {
            throw new AssertionError("writing the transactional history of " + topic, e);
        }
    }

    /** Three records {@code prefix-0..2} to partition 0 in one transaction, committed or aborted. */
    static void writeTransaction(KafkaProducer<byte[], byte[]> producer, String topic, String prefix, boolean commit) {
        producer.beginTransaction();
        for (int i = 0; i < 3; i++) {
            producer.send(new ProducerRecord<>(topic, 0, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
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
