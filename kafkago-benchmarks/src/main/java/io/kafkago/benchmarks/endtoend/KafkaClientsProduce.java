package io.kafkago.benchmarks.endtoend;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces with kafka-clients' KafkaProducer: acks=all, idempotent, 16 KiB batches, 5 ms linger, no compression,
 * unkeyed records (its built-in sticky partitioning), one shared callback counting failures.
 */
final class KafkaClientsProduce implements Workload {

    @Override
    public long run(String bootstrap, String topic, int messages, int messageSize) throws Exception {
        byte[] value = Payloads.value(messageSize);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, KafkagoProduce.BATCH_BYTES);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, (int) KafkagoProduce.LINGER.toMillis());
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        Callback callback = (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, error);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, value), callback);
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records failed", firstError.get());
        }
        return (long) messages * messageSize;
    }
}
