package io.kafkago.benchmarks.endtoend;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces with kafkago's Writer: idempotent with acks=all (the defaults), 16 KiB batches and 5 ms linger like
 * the kafka-clients run, no compression, unkeyed messages (sticky balancing, as kafka-clients does for null keys).
 * Messages go in via {@code writeMessagesAsync} in calls of {@value #MESSAGES_PER_CALL}, the way kafka-go users
 * hand over slices; the writer's buffer limit provides back-pressure.
 */
final class KafkagoProduce implements Workload {

    static final int BATCH_BYTES = 16 * 1024;
    static final Duration LINGER = Duration.ofMillis(5);
    private static final int MESSAGES_PER_CALL = 1000;

    @Override
    public long run(String bootstrap, String topic, int messages, int messageSize) throws Exception {
        byte[] value = Payloads.value(messageSize);
        AtomicLong failed = new AtomicLong();
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        try (Writer writer = new Writer(WriterConfig.builder().brokers(bootstrap).topic(topic)
                .batchBytes(BATCH_BYTES).batchTimeout(LINGER).build())) {
            List<Message> call = new ArrayList<>(MESSAGES_PER_CALL);
            for (int i = 0; i < messages; i++) {
                call.add(Message.of(value));
                if (call.size() == MESSAGES_PER_CALL || i == messages - 1) {
                    last = writer.writeMessagesAsync(call);
                    last.whenComplete((ignored, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                        }
                    });
                    call.clear();
                }
            }
            writer.flush();
        }
        last.join();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " write calls failed");
        }
        return (long) messages * messageSize;
    }
}
