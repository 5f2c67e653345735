package io.kafkago.benchmarks.endtoend;

import io.kafkago.Message;
import io.kafkago.Transaction;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Produces in transactions of {@code perTransaction} messages with kafkago's transactional Writer, batching as
 * {@link KafkagoProduce} does: the writes of a transaction are handed over without waiting (an asynchronous Writer)
 * and {@code commit()} waits for them, as kafka-clients' {@code commitTransaction} flushes.
 */
final class KafkagoTransactionalProduce implements Workload {

    private final int perTransaction;

    KafkagoTransactionalProduce(int perTransaction) {
        this.perTransaction = perTransaction;
    }

    @Override
    public long run(String bootstrap, String topic, int messages, int messageSize) {
        byte[] value = Payloads.value(messageSize);
        try (Writer writer = new Writer(WriterConfig.builder().brokers(bootstrap).topic(topic)
                .transactionalId("benchmark-kafkago-" + topic).async(true)
                .batchBytes(KafkagoProduce.BATCH_BYTES).batchTimeout(KafkagoProduce.LINGER).build())) {
            List<Message> batch = new ArrayList<>(perTransaction);
            for (int written = 0; written < messages; written += perTransaction) {
                batch.clear();
                for (int i = 0; i < Math.min(perTransaction, messages - written); i++) {
                    batch.add(Message.of(value));
                }
                try (Transaction transaction = writer.beginTransaction()) {
                    transaction.writeMessages(batch);
                    transaction.commit();
                }
            }
        }
        return (long) messages * messageSize;
    }
}
