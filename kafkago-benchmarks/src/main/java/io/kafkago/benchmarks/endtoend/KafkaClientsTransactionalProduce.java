package io.kafkago.benchmarks.endtoend;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces in transactions of {@code perTransaction} records with kafka-clients' transactional KafkaProducer, batching
 * as {@link KafkaClientsProduce} does; {@code commitTransaction} flushes and fails when a record failed.
 */
final class KafkaClientsTransactionalProduce implements Workload {

    private final int perTransaction;

    KafkaClientsTransactionalProduce(int perTransaction) {
        this.perTransaction = perTransaction;
    }

    @Override
    public long run(String bootstrap, String topic, int messages, int messageSize) {
        byte[] value = Payloads.value(messageSize);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "benchmark-kafka-clients-" + topic);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, KafkagoProduce.BATCH_BYTES);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, (int) KafkagoProduce.LINGER.toMillis());
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int written = 0; written < messages; written += perTransaction) {
                producer.beginTransaction();
                for (int i = 0; i < Math.min(perTransaction, messages - written); i++) {
                    producer.send(new ProducerRecord<>(topic, value));
                }
                producer.commitTransaction();
            }
        }
        return (long) messages * messageSize;
    }
}
