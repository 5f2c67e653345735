package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The partition-mode Reader against a real broker. */
@KafkaTest
class ReaderPartitionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KafkaTestCluster cluster;

    @Test
    void seedExampleReadsFromOffset42() throws Exception {
        String topic = cluster.createUniqueTopic("reader-seed", 1);
        ReaderTestSupport.produce(cluster, topic, 0, 0, 50);

        // the seed's example, as written
        Reader r = new Reader(ReaderConfig.builder()
                .brokers(cluster.bootstrapServers().split(",")).topic(topic).partition(0)
                .minBytes(10_000).maxBytes(10_000_000).build());
        r.setOffset(42);
        List<String> lines = new ArrayList<>();
        for (int i = 42; i < 50; i++) {
            Message m = r.readMessage(WAIT);
            lines.add(String.format("message at offset %d: %s = %s", m.offset(), m.keyAsString(), m.valueAsString()));
        }
        r.close();

        assertThat(lines).first().isEqualTo("message at offset 42: key-42 = value-42");
        assertThat(lines).last().isEqualTo("message at offset 49: key-49 = value-49");
        assertThat(lines).hasSize(8);
    }

    @Test
    void readsEverythingFromTheStartWithPositionLagAndStats() throws Exception {
        String topic = cluster.createUniqueTopic("reader-all", 1);
        ReaderTestSupport.produce(cluster, topic, 0, 0, 1000);
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).queueCapacity(64).build())) {
            assertThat(reader.offset()).isEqualTo(ReaderConfig.FIRST_OFFSET);
            assertThat(reader.readLag()).isEqualTo(1000);
            for (int i = 0; i < 1000; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.offset()).isEqualTo(i);
                assertThat(message.valueAsString()).isEqualTo("value-" + i);
                assertThat(message.topic()).isEqualTo(topic);
                assertThat(message.partition()).isZero();
                assertThat(message.highWaterMark()).isBetween((long) i + 1, 1000L);
                assertThat(message.time()).isNotNull();
            }
            assertThat(reader.offset()).isEqualTo(1000);
            assertThat(reader.lag()).isZero();
            assertThat(reader.readLag()).isZero();
            ReaderStats stats = reader.stats();
            assertThat(stats.messages()).isEqualTo(1000);
            assertThat(stats.bytes()).isEqualTo(sizeOfKeysAndValues(0, 1000));
            assertThat(stats.fetches()).isPositive();
            assertThat(stats.queueCapacity()).isEqualTo(64);
            assertThat(stats.offset()).isEqualTo(1000);
        }
    }

    @Test
    void lastOffsetReadsOnlyNewMessagesAndSetOffsetAtFindsByTime() throws Exception {
        String topic = cluster.createUniqueTopic("reader-last", 1);
        ReaderTestSupport.produce(cluster, topic, 0, 0, 10);
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0)
                .startOffset(ReaderConfig.LAST_OFFSET).build())) {
            CompletableFuture<Message> next = reader.fetchMessageAsync();
            assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            ReaderTestSupport.produce(cluster, topic, 0, 10, 1);
            assertThat(next.get(30, TimeUnit.SECONDS).offset()).isEqualTo(10);

            Instant between = Instant.now();
            Thread.sleep(5);
            ReaderTestSupport.produce(cluster, topic, 0, 11, 3);
            reader.setOffsetAt(between);
            assertThat(reader.readMessage(WAIT).valueAsString()).isEqualTo("value-11");

            reader.setOffsetAt(Instant.now().plusSeconds(3600));
            assertThat(reader.offset()).isEqualTo(ReaderConfig.LAST_OFFSET);
            ReaderTestSupport.produce(cluster, topic, 0, 14, 1);
            assertThat(reader.readMessage(WAIT).valueAsString()).isEqualTo("value-14");
        }
    }

    @Test
    void timeoutAndInterruptionLeaveTheReaderUsable() throws Exception {
        String topic = cluster.createUniqueTopic("reader-timeout", 1);
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).build())) {
            assertThatThrownBy(() -> reader.readMessage(Duration.ofMillis(200))).isInstanceOf(KafkaTimeoutException.class);
            assertThat(reader.stats().timeouts()).isEqualTo(1);

            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicReference<Boolean> interruptKept = new AtomicReference<>();
            Thread blocked = new Thread(() -> {
                try {
                    reader.readMessage();
                } catch (Throwable t) {
                    outcome.set(t);
                    interruptKept.set(Thread.currentThread().isInterrupted());
                }
            });
            blocked.start();
            awaitWaiting(blocked);
            blocked.interrupt();
            blocked.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(outcome.get()).isInstanceOf(KafkaInterruptedException.class);
            assertThat(interruptKept.get()).isTrue();

            ReaderTestSupport.produce(cluster, topic, 0, 0, 1);
            assertThat(reader.readMessage(WAIT).valueAsString()).isEqualTo("value-0");
        }
    }

    @Test
    void cancelledAsyncReadLeavesTheMessageForTheNextRead() throws Exception {
        String topic = cluster.createUniqueTopic("reader-cancel", 1);
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).build())) {
            CompletableFuture<Message> abandoned = reader.readMessageAsync();
            assertThat(abandoned.cancel(true)).isTrue();
            ReaderTestSupport.produce(cluster, topic, 0, 0, 1);
            assertThat(reader.readMessage(WAIT).offset()).isZero();
        }
    }

    @Test
    void closeDuringBlockedReadReturnsAndEndsTheReadingThread() throws Exception {
        String topic = cluster.createUniqueTopic("reader-close", 1);
        Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).maxWait(Duration.ofSeconds(10))
                .build());
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread blocked = new Thread(() -> {
            try {
                reader.readMessage();
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        blocked.start();
        awaitWaiting(blocked);

        reader.close();
        blocked.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(blocked.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(reader::readMessage).isInstanceOf(IllegalStateException.class);
        reader.close(); // idempotent
    }

    @Test
    void offsetOutOfRangeFollowsThePolicy() throws Exception {
        String topic = cluster.createUniqueTopic("reader-range", 1);
        ReaderTestSupport.produce(cluster, topic, 0, 0, 5);
        try (Reader failing = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0)
                .offsetOutOfRangePolicy(OffsetOutOfRangePolicy.FAIL).build())) {
            failing.setOffset(1_000);
            assertThatThrownBy(() -> failing.readMessage(WAIT)).isInstanceOf(KafkaBrokerException.class)
                    .hasMessageContaining("OFFSET_OUT_OF_RANGE");
            failing.setOffset(3);
            assertThat(failing.readMessage(WAIT).offset()).isEqualTo(3);
        }
        try (Reader resetting = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).build())) {
            resetting.setOffset(1_000);
            assertThat(resetting.readMessage(WAIT).offset()).as("reset to the start offset (first)").isZero();
        }
        try (Reader toLast = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0)
                .offsetOutOfRangePolicy(OffsetOutOfRangePolicy.RESET_TO_LAST).build())) {
            toLast.setOffset(1_000);
            assertThatThrownBy(() -> toLast.readMessage(Duration.ofMillis(1500))).isInstanceOf(KafkaTimeoutException.class);
            ReaderTestSupport.produce(cluster, topic, 0, 5, 1);
            assertThat(toLast.readMessage(WAIT).offset()).isEqualTo(5);
        }
    }

    @Test
    void missingTopicIsReportedAndTheReaderGoesOnOnceItExists() throws Exception {
        String topic = "reader-missing-" + System.nanoTime();
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).build())) {
            assertThatThrownBy(() -> {
                while (true) {
                    reader.readMessage(WAIT); // the first attempts may find no metadata yet
                }
            }).isInstanceOf(KafkaBrokerException.class).hasMessageContaining("UNKNOWN_TOPIC_OR_PARTITION");
            cluster.createTopic(topic, 1);
            ReaderTestSupport.produce(cluster, topic, 0, 0, 1);
            Message message = null;
            while (message == null) {
                try {
                    message = reader.readMessage(WAIT);
                } catch (KafkaBrokerException stillMissing) {
                    assertThat(stillMissing.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                }
            }
            assertThat(message.valueAsString()).isEqualTo("value-0");
        }
    }

    @Test
    void groupOnlyOperationsAreRefusedInPartitionMode() {
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, "unused", 0).build())) {
            assertThatThrownBy(() -> reader.commitMessages()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> reader.setOffset(-5)).isInstanceOf(IllegalArgumentException.class);
        }
    }


    @Test
    void aReaderOfSeveralPartitionsReadsEachInOrderFromItsOwnPositionAndSeeksOneAlone() throws Exception {
        String topic = cluster.createUniqueTopic("reader-many", 3);
        for (int partition = 0; partition < 3; partition++) {
            ReaderTestSupport.produce(cluster, topic, partition, 0, 10);
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        TopicPartition p2 = new TopicPartition(topic, 2);
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(cluster.bootstrapServers().split(","))
                .topic(topic).partitions(0, 1, 2).maxWait(Duration.ofMillis(100)).build())) {
            assertThat(reader.assignment()).containsExactly(p0, p1, p2);
            assertThat(reader.readLag()).isEqualTo(30);
            long[] next = new long[3];
            for (int i = 0; i < 30; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.offset()).as("partition %d in order", message.partition())
                        .isEqualTo(next[message.partition()]++);
            }
            assertThat(next).containsExactly(10, 10, 10);
            assertThat(reader.position(p1)).isEqualTo(10);
            assertThat(reader.lag(p1)).isZero();
            assertThat(reader.lag()).isZero();
            assertThat(reader.offset()).as("per partition only").isEqualTo(-1);
            assertThat(reader.stats().assignedPartitions()).isEqualTo(3);

            assertThat(reader.seek(p1, 5)).isTrue();
            assertThat(reader.position(p1)).isEqualTo(5);
            assertThat(reader.lag(p1)).isEqualTo(-1); // unknown until its next message
            for (int i = 5; i < 10; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.partition()).isEqualTo(1);
                assertThat(message.offset()).isEqualTo(i);
            }
            assertThat(reader.lag(p1)).isZero();
            assertThatThrownBy(() -> reader.position(new TopicPartition(topic, 3)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPausedPartitionIsHeldWhileTheOthersOfTheReaderFlow() throws Exception {
        String topic = cluster.createUniqueTopic("reader-pause", 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        ReaderTestSupport.produce(cluster, topic, 0, 0, 5);
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(cluster.bootstrapServers().split(","))
                .partitions(List.of(p0, new TopicPartition(topic, 1))).maxWait(Duration.ofMillis(100)).build())) {
            assertThat(reader.readMessage(WAIT).offset()).isZero();
            reader.pause(p0);
            assertThat(reader.paused()).containsExactly(p0);
            ReaderTestSupport.produce(cluster, topic, 1, 0, 3);
            for (int i = 0; i < 3; i++) {
                assertThat(reader.readMessage(WAIT).partition()).as("only the partition not paused").isEqualTo(1);
            }
            reader.resume(p0);
            for (int i = 1; i < 5; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.partition()).isZero();
                assertThat(message.offset()).as("held messages come after the resume, in order").isEqualTo(i);
            }
        }
    }
    private static long sizeOfKeysAndValues(int first, int count) {
        long total = 0;
        for (int i = first; i < first + count; i++) {
            total += ("key-" + i).length() + ("value-" + i).length();
        }
        return total;
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            if (!thread.isAlive()) {
                throw new AssertionError("reading thread ended early");
            }
            Thread.sleep(5);
        }
    }
}
