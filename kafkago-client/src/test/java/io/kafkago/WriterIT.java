package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.Kcat;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.TestTopics;
import io.kafkago.test.junit.KafkaTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Writer against a real broker: the seed's example, every codec read back exactly by kafka-clients and kcat,
 * graceful close, acks levels, topic rules, partition growth, and clear errors (unknown topic, oversized
 * message, closed writer, blocking calls from callbacks).
 */
@KafkaTest
class WriterIT {

    KafkaTestCluster kafka;

    private WriterConfig.Builder config(String topic) {
        return WriterConfig.builder().brokers(kafka.bootstrapServers().split(",")).topic(topic);
    }

    @Test
    void seedExampleIsReadBackByKafkaClients() {
        String topic = kafka.createUniqueTopic("seed-writer", 3);
        Writer w = new Writer(WriterConfig.builder()
                .brokers(kafka.bootstrapServers().split(",")).topic(topic).balancer(new LeastBytes()).build());
        w.writeMessages(Message.of("Key-A", "Hello World!"), Message.of("Key-B", "One!"), Message.of("Key-C", "Two!"));
        w.close();

        List<ConsumerRecord<byte[], byte[]>> records = WriterReadBack.readAll(kafka.clientProperties(), topic, 3);
        assertThat(records).extracting(r -> new String(r.key(), UTF_8) + "=" + new String(r.value(), UTF_8))
                .containsExactlyInAnyOrder("Key-A=Hello World!", "Key-B=One!", "Key-C=Two!");
        assertThat(records).extracting(ConsumerRecord::partition).as("LeastBytes spreads three messages").doesNotHaveDuplicates();
        assertThat(w.stats().messages()).isEqualTo(3);
        assertThat(w.stats().errors()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyCodecIsReadBackExactly(Compression compression) {
        String topic = kafka.createUniqueTopic("codec-" + compression.name().toLowerCase(), 2);
        Instant time = Instant.parse("2024-05-06T07:08:09.123Z");
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add(Message.of(("key-" + i).getBytes(UTF_8), ("value-" + i + "-" + "x".repeat(i % 50)).getBytes(UTF_8))
                    .withHeaders(new io.kafkago.Header("h", ("hv" + i).getBytes(UTF_8)), new io.kafkago.Header("empty", null))
                    .withTime(time.plusMillis(i)));
        }
        sent.add(Message.of((byte[]) null, null).withTime(time));
        try (Writer writer = new Writer(config(topic).compression(compression).batchSize(100).build())) {
            writer.writeMessages(sent);
        }
        List<ConsumerRecord<byte[], byte[]>> records = WriterReadBack.readAll(kafka.clientProperties(), topic, sent.size());
        assertThat(records).hasSize(sent.size());
        List<String> expected = new ArrayList<>();
        for (Message message : sent) {
            expected.add(describe(message.key(), message.value(), message.time().toEpochMilli(), message.headers().size()));
        }
        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            actual.add(describe(record.key(), record.value(), record.timestamp(), record.headers().toArray().length));
            Header[] headers = record.headers().toArray();
            if (headers.length > 0) {
                assertThat(headers[0].key()).isEqualTo("h");
                assertThat(new String(headers[0].value(), UTF_8)).isEqualTo("hv" + new String(record.key(), UTF_8).substring(4));
                assertThat(headers[1].key()).isEqualTo("empty");
                assertThat(headers[1].value()).isNull();
            }
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void kcatReadsWhatTheWriterWrote(Compression compression) throws Exception {
        Kcat.assumeInstalled();
        String topic = kafka.createUniqueTopic("kcat-" + compression.name().toLowerCase(), 1);
        long time = Instant.parse("2024-05-06T07:08:09.123Z").toEpochMilli();
        List<Message> sent = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(Message.of("key-" + i, "value-" + i).withHeaders(io.kafkago.Header.of("n", Integer.toString(i)))
                    .withTime(Instant.ofEpochMilli(time + i)));
            expected.add("key-" + i + "\t" + "value-" + i + "\t" + (time + i) + "\t" + "n=" + i);
        }
        try (Writer writer = new Writer(config(topic).compression(compression).batchSize(64).build())) {
            writer.writeMessages(sent);
        }
        // The partition named, as the other kcat interop tests do: without -p, kcat takes the partitions from one
        // metadata answer and, with -e, may end at once when that answer had none. Its diagnostics go to a file of
        // their own, so that they explain a failure without mixing into the records.
        Path diagnostics = Files.createTempFile("kcat", ".log");
        Process kcat = new ProcessBuilder("kcat", "-C", "-b", kafka.bootstrapServers().split(",")[0], "-t", topic,
                "-p", "0", "-o", "beginning", "-e", "-f", "%k\t%s\t%T\t%h\n")
                .redirectError(diagnostics.toFile()).start();
        String output = new String(kcat.getInputStream().readAllBytes(), UTF_8);
        int exit = kcat.waitFor();
        String log = Files.readString(diagnostics, UTF_8);
        Files.delete(diagnostics);
        assertThat(exit).as("kcat exit code; its log: %s", log).isZero();
        assertThat(output.lines().toList()).as("kcat's records; its log: %s", log).containsExactlyElementsOf(expected);
    }

    private static String describe(byte[] key, byte[] value, long timestamp, int headers) {
        return (key == null ? "null" : new String(key, UTF_8)) + "|" + (value == null ? "null" : new String(value, UTF_8))
                + "|" + timestamp + "|" + headers;
    }

    @Test
    void loneSyncWriteIsAcknowledgedQuickly() {
        String topic = kafka.createUniqueTopic("latency", 1);
        try (Writer writer = new Writer(config(topic).build())) {
            writer.writeMessages(Message.of("warm-up"));
            long[] nanos = new long[20];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                writer.writeMessages(Message.of("lone-" + i));
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("lone sync write latency on loopback: median %.2f ms, max %.2f ms%n",
                    nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6);
            assertThat(writer.stats().messages()).isEqualTo(21);
        }
    }

    @Test
    void asyncWritesAreAllThereAfterClose() {
        String topic = kafka.createUniqueTopic("graceful", 4);
        Writer writer = new Writer(config(topic).balancer(new RoundRobin()).build());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            futures.add(writer.writeMessagesAsync(Message.of("k" + i, "v" + i)));
        }
        writer.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(WriterReadBack.readAll(kafka.clientProperties(), topic, 10_000)).hasSize(10_000);
        assertThat(writer.stats().messages()).isEqualTo(10_000);
    }

    @Test
    void asyncModeFlushesOnClose() {
        String topic = kafka.createUniqueTopic("async-mode", 2);
        Writer writer = new Writer(config(topic).async(true).build());
        for (int i = 0; i < 10_000; i++) {
            writer.writeMessages(Message.of("v" + i));
        }
        writer.close();
        List<ConsumerRecord<byte[], byte[]>> records = WriterReadBack.readAll(kafka.clientProperties(), topic, 10_000);
        assertThat(records).extracting(r -> new String(r.value(), UTF_8)).doesNotHaveDuplicates().hasSize(10_000);
    }

    @ParameterizedTest
    @EnumSource(value = RequiredAcks.class, names = {"NONE", "ONE"})
    void weakerAcksWriteWithoutIdempotence(RequiredAcks acks) {
        String topic = kafka.createUniqueTopic("acks-" + acks.name().toLowerCase(), 3);
        Writer writer = new Writer(config(topic).requiredAcks(acks).build());
        assertThat(writer.config().idempotent()).isFalse();
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            messages.add(Message.of("k" + i, "v" + i));
        }
        writer.writeMessages(messages);
        writer.close();
        assertThat(WriterReadBack.readAll(kafka.clientProperties(), topic, 1_000))
                .extracting(r -> new String(r.value(), UTF_8)).hasSize(1_000).doesNotHaveDuplicates();
    }

    @Test
    void partitionsAddedToTheTopicAreUsed() throws Exception {
        String topic = kafka.createUniqueTopic("growing", 2);
        Set<Integer> reached = ConcurrentHashMap.newKeySet();
        try (Writer writer = new Writer(config(topic).balancer(new RoundRobin()).metadataMaxAge(Duration.ofMillis(300))
                .completion((messages, error) -> messages.forEach(m -> reached.add(m.partition()))).build());
             Admin admin = Admin.create(kafka.clientProperties())) {
            writer.writeMessages(Message.of("a"), Message.of("b"));
            assertThat(reached).containsExactlyInAnyOrder(0, 1);
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4)))
                    .all().get();
            Await.until(Duration.ofSeconds(60), "writes to reach the added partitions", () -> {
                writer.writeMessages(Message.of("w"), Message.of("x"), Message.of("y"), Message.of("z"));
                return reached.containsAll(Set.of(2, 3));
            });
        }
        assertThat(WriterReadBack.readAll(kafka.clientProperties(), topic, 6)).extracting(ConsumerRecord::partition)
                .contains(0, 1, 2, 3);
    }

    @Test
    void blockingCallsFromACompletionCallbackAreRefused() throws Exception {
        String topic = kafka.createUniqueTopic("callback-guard", 1);
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        Writer[] holder = new Writer[1];
        try (Writer writer = new Writer(config(topic)
                .completion((messages, error) -> {
                    try {
                        holder[0].flush();
                        refused.complete(null);
                    } catch (Throwable e) {
                        refused.complete(e);
                    }
                }).build())) {
            holder[0] = writer;
            writer.writeMessages(Message.of("x"));
            assertThat(refused.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("callback");
            writer.writeMessages(List.of(Message.of("still usable")));
        }
        assertThatThrownBy(() -> holder[0].writeMessages(Message.of("closed"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingTopicIsCreatedWhenAllowed() {
        String topic = TestTopics.unique("auto-created");
        try (Writer writer = new Writer(config(topic).allowAutoTopicCreation(true).build())) {
            writer.writeMessages(Message.of("k", "created on first write"));
        }
        assertThat(WriterReadBack.readAll(kafka.clientProperties(), topic, 1))
                .extracting(r -> new String(r.value(), UTF_8)).containsExactly("created on first write");
    }

    @Test
    void unknownTopicFailsClearly() {
        try (Writer writer = new Writer(config("no-such-topic-" + System.nanoTime()).build())) {
            assertThatThrownBy(() -> writer.writeMessages(Message.of("x")))
                    .isInstanceOf(WriteException.class)
                    .hasMessageContaining("does not exist")
                    .satisfies(e -> {
                        WriteException failure = (WriteException) e;
                        assertThat(failure.errors()).hasSize(1);
                        assertThat(failure.errors().get(0).error()).isInstanceOf(KafkaBrokerException.class);
                        assertThat(((KafkaBrokerException) failure.errors().get(0).error()).errorCode())
                                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                    });
        }
    }

    @Test
    void oversizedMessageFailsAloneBeforeSending() {
        String topic = kafka.createUniqueTopic("oversized", 1);
        try (Writer writer = new Writer(config(topic).batchBytes(1_000).bufferedBytesLimit(10_000).build())) {
            assertThatThrownBy(() -> writer.writeMessages(Message.of("small"), Message.of(new byte[2_000]), Message.of("fine")))
                    .isInstanceOf(WriteException.class)
                    .satisfies(e -> {
                        WriteException failure = (WriteException) e;
                        assertThat(failure.errors()).extracting(WriteException.MessageError::index).containsExactly(1);
                        assertThat(failure.messageCount()).isEqualTo(3);
                        assertThat(((KafkaBrokerException) failure.errors().get(0).error()).errorCode())
                                .isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
                    });
            assertThat(writer.stats().requests()).as("nothing oversized was sent").isEqualTo(1);
        }
        assertThat(WriterReadBack.readAll(kafka.clientProperties(), topic, 2))
                .extracting(r -> new String(r.value(), UTF_8)).containsExactly("small", "fine");
    }

    @Test
    void closedWriterRefusesWrites() {
        String topic = kafka.createUniqueTopic("closed", 1);
        Writer writer = new Writer(config(topic).build());
        writer.writeMessages(Message.of("before"));
        writer.close();
        writer.close();
        assertThatThrownBy(() -> writer.writeMessages(Message.of("after")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> writer.writeMessagesAsync(Message.of("after")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void topicRulesAreEnforced() {
        String topic = kafka.createUniqueTopic("per-message", 2);
        try (Writer withTopic = new Writer(config(topic).build())) {
            assertThatThrownBy(() -> withTopic.writeMessages(Message.of("x").withTopic(topic)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one place only");
        }
        try (Writer perMessage = new Writer(config(null).build())) {
            assertThatThrownBy(() -> perMessage.writeMessages(Message.of("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no topic");
            perMessage.writeMessages(Message.of("a").withTopic(topic), Message.of("b").withTopic(topic).withPartition(1));
        }
        List<ConsumerRecord<byte[], byte[]>> records = WriterReadBack.readAll(kafka.clientProperties(), topic, 2);
        assertThat(records).extracting(r -> new String(r.value(), UTF_8)).containsExactlyInAnyOrder("a", "b");
        assertThat(records).filteredOn(r -> new String(r.value(), UTF_8).equals("b")).extracting(ConsumerRecord::partition)
                .containsExactly(1);
    }

    @Test
    void completionReportsOffsets() {
        String topic = kafka.createUniqueTopic("completion", 1);
        List<Message> reported = Collections.synchronizedList(new ArrayList<>());
        try (Writer writer = new Writer(config(topic).completion((messages, error) -> {
            if (error == null) {
                reported.addAll(messages);
            }
        }).build())) {
            writer.writeMessages(Message.of("a"), Message.of("b"), Message.of("c"));
        }
        assertThat(reported).extracting(Message::offset).containsExactly(0L, 1L, 2L);
        assertThat(reported).extracting(Message::topic).containsOnly(topic);
        assertThat(reported).extracting(Message::partition).containsOnly(0);
    }
}
