package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Kcat;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Reader reads what other clients wrote, and shares committed offsets with kafka-clients. */
@KafkaTest
class ReaderInteropIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KafkaTestCluster cluster;

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void readsKafkaClientsBatchesOfEveryCodecWithHeaders(String codec) throws Exception {
        String topic = cluster.createUniqueTopic("interop-" + codec, 1);
        int count = 500;
        try (KafkaProducer<byte[], byte[]> producer = ReaderTestSupport.producer(cluster,
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.BATCH_SIZE_CONFIG, 16_384))) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, i % 7 == 0 ? null : utf8("k" + i),
                        i % 11 == 0 ? null : utf8("value-" + i + "-" + "x".repeat(i % 50)));
                record.headers().add(new RecordHeader("index", utf8(Integer.toString(i))));
                if (i % 3 == 0) {
                    record.headers().add(new RecordHeader("empty", null));
                }
                producer.send(record);
            }
            producer.flush();
        }
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).maxBytes(4096).build())) {
            for (int i = 0; i < count; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.offset()).isEqualTo(i);
                assertThat(message.keyAsString()).isEqualTo(i % 7 == 0 ? null : "k" + i);
                assertThat(message.valueAsString()).isEqualTo(i % 11 == 0 ? null : "value-" + i + "-" + "x".repeat(i % 50));
                assertThat(message.headers().get(0)).isEqualTo(Header.of("index", Integer.toString(i)));
                assertThat(message.headers()).hasSize(i % 3 == 0 ? 2 : 1);
                if (i % 3 == 0) {
                    assertThat(message.headers().get(1).value()).isNull();
                }
            }
        }
    }

    @Test
    void readsWhatKcatWrote() throws Exception {
        String topic = cluster.createUniqueTopic("interop-kcat", 1);
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            kcatProduce(topic, codec, codec + "-key:" + codec + "-value-1\n" + codec + "-key:" + codec + "-value-2\n");
        }
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).build())) {
            for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
                for (int n = 1; n <= 2; n++) {
                    Message message = reader.readMessage(WAIT);
                    assertThat(message.keyAsString()).isEqualTo(codec + "-key");
                    assertThat(message.valueAsString()).isEqualTo(codec + "-value-" + n);
                    assertThat(message.headers()).containsExactly(Header.of("codec", codec));
                }
            }
        }
    }

    @Test
    void readCommittedDropsAbortedTransactionsAndControlRecords() {
        String topic = cluster.createUniqueTopic("interop-txn", 1);
        ReaderTestSupport.writeTransactionalHistory(cluster, topic);
        List<String> committedView = readValues(IsolationLevel.READ_COMMITTED, topic);
        assertThat(committedView).containsExactlyElementsOf(ReaderTestSupport.COMMITTED_HISTORY);
        List<String> uncommittedView = readValues(IsolationLevel.READ_UNCOMMITTED, topic);
        assertThat(uncommittedView).hasSize(ReaderTestSupport.HISTORY_RECORDS).contains("aborted-1-0", "aborted-2-2")
                .noneMatch(value -> value == null || value.isEmpty());
    }

    @Test
    void committedOffsetsAreSharedWithKafkaClientsBothWays() throws Exception {
        String topic = cluster.createUniqueTopic("interop-offsets", 1);
        String group = topic + "-g";
        ReaderTestSupport.produce(cluster, topic, 0, 0, 20);
        try (Reader reader = new Reader(groupReader(topic, group).build())) {
            for (int i = 0; i < 5; i++) {
                reader.readMessage(WAIT);
            }
        }
        try (KafkaConsumer<String, String> consumer = consumer(group, "range")) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollAtLeast(consumer, 3);
            assertThat(records.get(0).offset()).as("kafka-clients resumes where the Reader committed").isEqualTo(5);
            consumer.commitSync(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0), new OffsetAndMetadata(12)));
        }
        try (Reader reader = new Reader(groupReader(topic, group).build())) {
            assertThat(reader.readMessage(WAIT).offset()).as("the Reader resumes where kafka-clients committed")
                    .isEqualTo(12);
        }
    }

    @Test
    void sharesAGroupWithAKafkaClientsConsumer() throws Exception {
        String topic = cluster.createUniqueTopic("interop-mixed", 4);
        String group = topic + "-g";
        Set<TopicPartition> ours = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, String> consumer = consumer(group, "range");
             Reader reader = new Reader(groupReader(topic, group).onPartitionsAssigned(assigned -> {
                 ours.clear();
                 ours.addAll(assigned);
             }).build())) {
            Set<Integer> theirs = ConcurrentHashMap.newKeySet();
            consumer.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    partitions.forEach(tp -> theirs.remove(tp.partition()));
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    partitions.forEach(tp -> theirs.add(tp.partition()));
                }
            });
            Await.until(WAIT, "two partitions each", () -> {
                consumer.poll(Duration.ofMillis(100));
                return ours.size() == 2 && theirs.size() == 2;
            });
            Set<Integer> all = new java.util.HashSet<>(theirs);
            ours.forEach(tp -> all.add(tp.partition()));
            assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);
        }
    }

    private ReaderConfig.Builder groupReader(String topic, String group) {
        return ReaderConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic).groupId(group)
                .heartbeatInterval(Duration.ofMillis(300)).sessionTimeout(Duration.ofSeconds(10))
                .groupBalancers(new RangeGroupBalancer());
    }

    private KafkaConsumer<String, String> consumer(String group, String assignor) {
        Map<String, Object> properties = new HashMap<>(cluster.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "range".equals(assignor) ? org.apache.kafka.clients.consumer.RangeAssignor.class.getName() : assignor);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
            batch.forEach(records::add);
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(count);
        return records;
    }

    private List<String> readValues(IsolationLevel isolation, String topic) {
        List<String> values = new ArrayList<>();
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0).isolationLevel(isolation)
                .build())) {
            while (true) {
                try {
                    values.add(reader.readMessage(Duration.ofSeconds(3)).valueAsString());
                } catch (KafkaTimeoutException e) {
                    return values;
                }
            }
        }
    }

    private void kcatProduce(String topic, String codec, String lines) throws IOException, InterruptedException {
        Kcat.assumeInstalled();
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", cluster.bootstrapServers(), "-t", topic, "-p", "0",
                "-K", ":", "-z", codec, "-H", "codec=" + codec).redirectErrorStream(true).start();
        try (OutputStream in = kcat.getOutputStream()) {
            in.write(lines.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(kcat.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kcat.exitValue()).as("kcat output: %s", output).isZero();
    }

    private static byte[] utf8(String text) {
        return ReaderTestSupport.utf8(text);
    }
}
