package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.Kcat;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Conn against clients nobody here wrote: what Conn writes (keys, headers, every codec) kafka-clients'
 * consumer and kcat (librdkafka) read exactly, and what they write Conn reads exactly.
 */
@KafkaTest
class ConnInteropIT {

    private static final Instant TIME = Instant.ofEpochMilli(1_700_000_000_123L);

    KafkaTestCluster kafka;

    private String bootstrap() {
        return kafka.bootstrapServers().split(",")[0];
    }

    /** Keys, null key, null value, binary bytes, headers with a null value, explicit timestamps. */
    private static List<Message> sampleMessages() {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        return List.of(
                Message.of("key-1", "value-1").withHeaders(Header.of("trace", "abc"), new Header("empty", null))
                        .withTime(TIME),
                Message.of((byte[]) null, "no key".getBytes(UTF_8)).withTime(TIME.plusMillis(1)),
                Message.of("key-3".getBytes(UTF_8), null).withTime(TIME.plusMillis(2)),
                Message.of("binary".getBytes(UTF_8), binary).withHeaders(Header.of("h", "ü-utf8")).withTime(TIME.plusMillis(3)));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void kafkaClientsReadsExactlyWhatConnWrote(Compression compression) {
        String topic = kafka.createUniqueTopic("interop-conn-" + compression.name().toLowerCase(Locale.ROOT), 1);
        List<Message> sent = sampleMessages();
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            conn.setCompression(compression);
            conn.setWriteDeadline(Instant.now().plusSeconds(10));
            conn.writeMessages(sent);
        }
        List<ConsumerRecord<byte[], byte[]>> received = consumeWithKafkaClients(topic, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Message expected = sent.get(i);
            ConsumerRecord<byte[], byte[]> actual = received.get(i);
            assertThat(actual.offset()).isEqualTo(i);
            assertThat(actual.key()).isEqualTo(expected.key());
            assertThat(actual.value()).isEqualTo(expected.value());
            assertThat(actual.timestamp()).isEqualTo(expected.time().toEpochMilli());
            List<Header> headers = new ArrayList<>();
            actual.headers().forEach(h -> headers.add(new Header(h.key(), h.value())));
            assertThat(headers).containsExactlyElementsOf(expected.headers());
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void connReadsExactlyWhatKafkaClientsWrote(Compression compression) throws Exception {
        String topic = kafka.createUniqueTopic("interop-kc-" + compression.name().toLowerCase(Locale.ROOT), 1);
        List<Message> sent = sampleMessages();
        Map<String, Object> properties = kafka.clientProperties();
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression.name().toLowerCase(Locale.ROOT));
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Message message : sent) {
                List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
                message.headers().forEach(h -> headers.add(new RecordHeader(h.key(), h.value())));
                producer.send(new ProducerRecord<>(topic, 0, message.time().toEpochMilli(), message.key(), message.value(),
                        headers));
            }
            producer.flush();
        }
        List<Message> received = readWithConn(topic, sent.size());
        assertThat(received).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            Message expected = sent.get(i);
            Message actual = received.get(i);
            assertThat(actual.offset()).isEqualTo(i);
            assertThat(actual.key()).isEqualTo(expected.key());
            assertThat(actual.value()).isEqualTo(expected.value());
            assertThat(actual.headers()).containsExactlyElementsOf(expected.headers());
            assertThat(actual.time()).isEqualTo(expected.time());
        }
    }

    @Test
    void kcatReadsWhatConnWroteWithEveryCodec() throws Exception {
        Kcat.assumeInstalled();
        String topic = kafka.createUniqueTopic("interop-kcat-read", 1);
        List<String> expected = new ArrayList<>();
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            conn.setWriteDeadline(Instant.now().plusSeconds(10));
            for (Compression compression : Compression.values()) {
                conn.setCompression(compression);
                String key = "key-" + compression;
                String value = "value compressed with " + compression;
                conn.writeMessages(Message.of(key, value).withHeaders(Header.of("codec", compression.name())));
                expected.add(expected.size() + "|" + key + "|" + value + "|codec=" + compression.name());
            }
        }
        String output = kcat(List.of("-C", "-b", bootstrap(), "-t", topic, "-p", "0", "-o", "beginning", "-e",
                "-f", "%o|%k|%s|%h\\n"), "");
        assertThat(output.lines().filter(line -> line.matches("\\d+\\|.*"))).containsExactlyElementsOf(expected);
    }

    @Test
    void connReadsWhatKcatWroteWithEveryCodec() throws Exception {
        Kcat.assumeInstalled();
        for (Compression compression : Compression.values()) {
            String codec = compression.name().toLowerCase(Locale.ROOT);
            String topic = kafka.createUniqueTopic("interop-kcat-write-" + codec, 1);
            kcat(List.of("-P", "-b", bootstrap(), "-t", topic, "-p", "0", "-z", codec, "-K", ":", "-H", "from=kcat"),
                    "k1:first value\nk2:second value\n");
            List<Message> received = readWithConn(topic, 2);
            assertThat(received).extracting(Message::keyAsString).containsExactly("k1", "k2");
            assertThat(received).extracting(Message::valueAsString).containsExactly("first value", "second value");
            assertThat(received).allSatisfy(m -> assertThat(m.headers()).containsExactly(Header.of("from", "kcat")));
        }
    }

    @Test
    void readCommittedSkipsAbortedTransactionsAndStopsAtTheFirstOpenOne() throws Exception {
        String topic = kafka.createUniqueTopic("interop-conn-txn", 1);
        ReaderTestSupport.writeTransactionalHistory(kafka, topic);
        assertThat(values(readToTheEnd(topic, IsolationLevel.READ_COMMITTED)))
                .containsExactlyElementsOf(ReaderTestSupport.COMMITTED_HISTORY);
        assertThat(values(readToTheEnd(topic, IsolationLevel.READ_UNCOMMITTED)))
                .hasSize(ReaderTestSupport.HISTORY_RECORDS).contains("aborted-1-0", "aborted-2-2");

        try (KafkaProducer<byte[], byte[]> open = ReaderTestSupport.producer(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-open"));
             Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            long end = conn.readLastOffset();
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>(topic, 0, null, ReaderTestSupport.utf8("open-0"))).get(30, TimeUnit.SECONDS);

            assertThat(conn.readLastOffset()).as("the log end, open transaction included").isEqualTo(end + 1);
            conn.setIsolationLevel(IsolationLevel.READ_COMMITTED);
            assertThat(conn.readLastOffset()).as("the last stable offset: where the open transaction begins")
                    .isEqualTo(end);
            conn.seek(end, SeekMode.ABSOLUTE);
            conn.setReadDeadline(Instant.now().plusSeconds(2));
            try (Batch batch = conn.readBatch(1_000_000)) {
                assertThat(batch.readMessage()).as("nothing of the open transaction").isNull();
                assertThatThrownBy(batch::close).isInstanceOf(KafkaTimeoutException.class);
            }

            open.commitTransaction();
            conn.setReadDeadline(Instant.now().plusSeconds(20));
            assertThat(conn.readMessage(1_000_000).valueAsString()).isEqualTo("open-0");
        }
    }

    /** Every message a Conn reads from the start of partition 0 until a read finds nothing for 3 s. */
    private List<Message> readToTheEnd(String topic, IsolationLevel isolation) {
        List<Message> received = new ArrayList<>();
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            conn.setIsolationLevel(isolation);
            while (true) {
                conn.setReadDeadline(Instant.now().plusSeconds(3));
                try {
                    received.add(conn.readMessage(1_000_000));
                } catch (KafkaTimeoutException e) {
                    return received;
                }
            }
        }
    }

    private static List<String> values(List<Message> messages) {
        return messages.stream().map(Message::valueAsString).toList();
    }

    private List<Message> readWithConn(String topic, int count) {
        List<Message> received = new ArrayList<>();
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            conn.setReadDeadline(Instant.now().plusSeconds(20));
            while (received.size() < count) {
                try (Batch batch = conn.readBatch(1_000_000)) {
                    batch.forEach(received::add);
                }
            }
        }
        return received;
    }

    private List<ConsumerRecord<byte[], byte[]>> consumeWithKafkaClients(String topic, int count) {
        Map<String, Object> properties = kafka.clientProperties();
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static String kcat(List<String> arguments, String input) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("kcat");
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(process.exitValue()).as("kcat exit code; output: %s", output).isZero();
        return output;
    }
}
