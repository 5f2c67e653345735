package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.Await;
import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.TestTopics;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure and shutdown when the broker cannot take writes: the writer learns the topic's metadata, then its
 * only broker stops, so every attempt fails with a retriable connection error and batches stay in the buffer.
 */
@KafkaTest(brokers = 1)
class WriterBackPressureIT {

    EmbeddedKafkaCluster kafka;

    private Writer writerWithSmallBuffer(String topic, Duration writeTimeout) {
        return new Writer(WriterConfig.builder().brokers(kafka.bootstrapServers().split(",")).topic(topic)
                .batchBytes(1_024).bufferedBytesLimit(2_048).writeTimeout(writeTimeout).maxAttempts(1_000).build());
    }

    /** A writer that has written to a topic once, after which the broker is stopped. */
    private Writer stuckWriter(Duration writeTimeout) {
        String topic = kafka.createUniqueTopic("unreachable", 1);
        Writer writer = writerWithSmallBuffer(topic, writeTimeout);
        writer.writeMessages(Message.of("while the broker is up"));
        kafka.stopBroker(0);
        return writer;
    }

    @AfterEach
    void restartBroker() {
        if (!kafka.isBrokerRunning(0)) {
            kafka.startBroker(0);
        }
    }

    private static List<CompletableFuture<Void>> fillBuffer(Writer writer) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pending.add(writer.writeMessagesAsync(Message.of(new byte[150])));
        }
        return pending;
    }

    @Test
    void fullBufferBlocksForWriteTimeoutThenFailsTheMessage() {
        Writer writer = stuckWriter(Duration.ofSeconds(2));
        List<CompletableFuture<Void>> pending = fillBuffer(writer);
        assertThat(writer.stats().bufferedBytes()).isGreaterThan(1_024);
        CompletableFuture<Void> blocked = writer.writeMessagesAsync(Message.of(new byte[900]));
        assertThatThrownBy(blocked::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(WriteException.class).hasMessageContaining("no buffer space within writeTimeout")
                .satisfies(e -> assertThat(((WriteException) e).errors().get(0).error()).isInstanceOf(KafkaTimeoutException.class));

        assertThat(writer.close(Duration.ofMillis(500))).as("nothing could be flushed").isFalse();
        for (CompletableFuture<Void> future : pending) {
            assertThatThrownBy(future::join).cause().isInstanceOf(WriteException.class)
                    .hasMessageContaining("closed before these messages were written");
        }
        WriterStats stats = writer.stats();
        assertThat(stats.retries()).as("connection failures were retried").isPositive();
        assertThat(stats.messages()).as("only the first message").isEqualTo(1);
        assertThat(stats.bufferedBytes()).isZero();
    }

    @Test
    void interruptedWriteThrowsAndTheWriterStaysUsable() throws Exception {
        Writer writer = stuckWriter(Duration.ofMinutes(5));
        fillBuffer(writer);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread blocked = new Thread(() -> {
            try {
                writer.writeMessages(Message.of(new byte[900]));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        blocked.start();
        Await.until(Duration.ofSeconds(30), "the writer thread to block",
                () -> blocked.getState() == Thread.State.TIMED_WAITING || blocked.getState() == Thread.State.WAITING);
        blocked.interrupt();
        blocked.join();
        assertThat(thrown.get()).isInstanceOf(KafkaInterruptedException.class).hasMessageContaining("1 of 1 messages were not written");

        assertThat(writer.stats().bufferedBytes()).as("the interrupted message took no space").isLessThanOrEqualTo(2_048);
        kafka.startBroker(0);
        writer.flush();
        writer.writeMessages(Message.of("after the interruption"));
        assertThat(writer.stats().messages()).as("first, buffered and last messages").isEqualTo(12);
        writer.close();
    }

    @Test
    void nonRetriableBrokerErrorFailsOnlyThatWrite() {
        String small = TestTopics.unique("small-messages");
        kafka.createTopic(small, 1, 1, Map.of("max.message.bytes", "200"));
        try (Writer writer = new Writer(WriterConfig.builder().brokers(kafka.bootstrapServers().split(","))
                .topic(small).build())) {
            assertThatThrownBy(() -> writer.writeMessages(Message.of(new byte[500])))
                    .isInstanceOf(WriteException.class)
                    .satisfies(e -> assertThat(((KafkaBrokerException) ((WriteException) e).errors().get(0).error())
                            .errorCode()).isIn(ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.RECORD_LIST_TOO_LARGE));
            writer.writeMessages(Message.of("small enough"));
            assertThat(writer.stats().messages()).isEqualTo(1);
            assertThat(writer.stats().errors()).isEqualTo(1);
        }
    }
}
