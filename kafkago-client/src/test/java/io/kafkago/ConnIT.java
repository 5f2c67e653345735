package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.TestTopics;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@KafkaTest
class ConnIT {

    KafkaTestCluster kafka;

    private String bootstrap() {
        return kafka.bootstrapServers().split(",")[0];
    }

    @Test
    void seedExampleWritesThreeMessagesAndReadsThemBackInOrder() {
        String topic = kafka.createUniqueTopic("conn-seed", 1);
        String address = bootstrap();

        // The ARCHITECTURE.md example, as written.
        try (Conn conn = Conn.dialLeader(address, topic, 0)) {
            conn.setWriteDeadline(Instant.now().plusSeconds(10));
            conn.writeMessages(Message.of("one!"), Message.of("two!"), Message.of("three!"));
        }
        List<String> values = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (Conn conn = Conn.dialLeader(address, topic, 0)) {
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            try (Batch batch = conn.readBatch(10_000, 1_000_000)) {
                byte[] b = new byte[10_000];
                int n;
                while (true) {
                    long offset = batch.offset();
                    if ((n = batch.read(b)) < 0) {
                        break;
                    }
                    offsets.add(offset);
                    values.add(new String(b, 0, n, UTF_8));
                }
                assertThat(batch.highWaterMark()).isEqualTo(3);
            }
        }
        assertThat(values).containsExactly("one!", "two!", "three!");
        assertThat(offsets).containsExactly(0L, 1L, 2L);
    }

    @Test
    void readBatchWithMaxBytesOnlyReturnsAsSoonAsDataIsThere() {
        String topic = kafka.createUniqueTopic("conn-read", 1);
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            conn.writeMessages(Message.of("k1", "v1").withHeaders(Header.of("h", "x")), Message.of("k2", "v2"));
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            List<Message> read = new ArrayList<>();
            try (Batch batch = conn.readBatch(1_000_000)) {
                batch.forEach(read::add);
            }
            assertThat(read).extracting(Message::keyAsString).containsExactly("k1", "k2");
            assertThat(read).extracting(Message::valueAsString).containsExactly("v1", "v2");
            assertThat(read.get(0).headers()).containsExactly(Header.of("h", "x"));
            assertThat(read).extracting(Message::offset).containsExactly(0L, 1L);
            assertThat(read).allSatisfy(m -> assertThat(m.topic()).isEqualTo(topic));
            assertThat(conn.offset()).isEqualTo(2);
        }
    }

    @Test
    void offsetsAndSeek() {
        String topic = kafka.createUniqueTopic("conn-offsets", 1);
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            Instant before = Instant.now().minusSeconds(1);
            conn.writeMessages(Message.of("a"), Message.of("b"), Message.of("c"), Message.of("d"));
            assertThat(conn.readFirstOffset()).isZero();
            assertThat(conn.readLastOffset()).isEqualTo(4);
            assertThat(conn.readOffset(before)).isZero();
            assertThat(conn.readOffset(Instant.now().plusSeconds(60))).isEqualTo(4);
            assertThat(conn.seek(2, SeekMode.ABSOLUTE)).isEqualTo(2);
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            assertThat(conn.readMessage(1_000_000).valueAsString()).isEqualTo("c");
            assertThat(conn.offset()).isEqualTo(3);
            assertThat(conn.seek(-1, SeekMode.CURRENT)).isEqualTo(2);
            assertThat(conn.seek(-1, SeekMode.END)).isEqualTo(3);
            assertThat(conn.readMessage(1_000_000).valueAsString()).isEqualTo("d");
            assertThat(conn.seek(1, SeekMode.START)).isEqualTo(1);
            assertThat(conn.readMessage(1_000_000).offset()).isEqualTo(1);
        }
    }

    @Test
    void readWithNothingToReadTimesOutAtTheDeadlineAndTheConnStaysUsable() {
        String topic = kafka.createUniqueTopic("conn-deadline", 1);
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            Instant deadline = Instant.now().plusMillis(1500);
            conn.setReadDeadline(deadline);
            assertThatThrownBy(() -> conn.readMessage(1_000)).isInstanceOf(KafkaTimeoutException.class);
            assertThat(Instant.now()).isAfterOrEqualTo(deadline.minusMillis(300));

            Batch empty = conn.readBatch(1_000);
            assertThat(empty.read(new byte[10])).isEqualTo(-1);
            assertThatThrownBy(empty::close).isInstanceOf(KafkaTimeoutException.class);

            conn.setDeadline(Instant.now().plusSeconds(10));
            conn.writeMessages(Message.of("after"));
            assertThat(conn.readMessage(1_000).valueAsString()).isEqualTo("after");
        }
    }

    @Test
    void interruptedReadKeepsTheInterruptStatusAndTheConnUsable() throws Exception {
        String topic = kafka.createUniqueTopic("conn-interrupt", 1);
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            conn.setReadDeadline(null);
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> conn.readMessage(1_000)).isInstanceOf(KafkaInterruptedException.class);
            assertThat(Thread.interrupted()).isTrue(); // clears it again for the rest of the test

            conn.setDeadline(Instant.now().plusSeconds(10));
            conn.writeMessages(Message.of("still-works"));
            assertThat(conn.readMessage(1_000).valueAsString()).isEqualTo("still-works");
        }
    }

    @Test
    void aReadBlockedInAnotherThreadEndsWhenThatThreadIsInterrupted() throws Exception {
        String topic = kafka.createUniqueTopic("conn-interrupt-blocked", 1);
        try (Conn conn = Conn.dialLeader(bootstrap(), topic, 0)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean interruptStatusKept = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                try {
                    conn.readMessage(1_000); // no deadline and nothing to read: blocks
                } catch (Throwable e) {
                    thrown.set(e);
                    interruptStatusKept.set(Thread.currentThread().isInterrupted());
                }
            }, "blocked-reader");
            reader.start();
            Await.until(Duration.ofSeconds(10), "reader blocked in a fetch",
                    () -> reader.getState() == Thread.State.TIMED_WAITING || reader.getState() == Thread.State.WAITING);
            reader.interrupt();
            reader.join(10_000);
            assertThat(reader.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(KafkaInterruptedException.class);
            assertThat(interruptStatusKept).isTrue();

            conn.setDeadline(Instant.now().plusSeconds(10));
            conn.writeMessages(Message.of("after-interrupt"));
            assertThat(conn.readMessage(1_000).valueAsString()).isEqualTo("after-interrupt");
        }
    }

    @Test
    void clusterQueriesAndTopicAdministration() {
        String topic = TestTopics.unique("conn-admin");
        try (Conn conn = Conn.dial(bootstrap())) {
            conn.setDeadline(Instant.now().plusSeconds(30));
            assertThat(conn.brokers()).isNotEmpty();
            assertThat(conn.controller()).isNotNull();
            conn.createTopics(TopicConfig.builder(topic).numPartitions(3).replicationFactor(1)
                    .config("retention.ms", "3600000").build());
            assertThatThrownBy(() -> conn.createTopics(TopicConfig.builder(topic).numPartitions(1).build()))
                    .isInstanceOfSatisfying(KafkaBrokerException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS));
            // A broker learns of a new topic shortly after the controller created it.
            Await.until(Duration.ofSeconds(10), "topic in metadata", () -> isKnown(conn, topic));
            List<Partition> partitions = conn.readPartitions(topic);
            assertThat(partitions).extracting(Partition::id).containsExactly(0, 1, 2);
            assertThat(conn.readPartitions()).extracting(Partition::topic).contains(topic);
            conn.deleteTopics(topic);
            Await.until(Duration.ofSeconds(10), "topic gone from metadata", () -> !isKnown(conn, topic));
            assertThatThrownBy(() -> conn.readPartitions(topic))
                    .isInstanceOfSatisfying(KafkaBrokerException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        }
    }

    private static boolean isKnown(Conn conn, String topic) {
        try {
            return conn.readPartitions(topic).size() == 3;
        } catch (KafkaBrokerException e) {
            return false;
        }
    }

    @Test
    void dialerLooksUpLeadersAndPartitions() {
        String topic = kafka.createUniqueTopic("conn-lookup", 2);
        Dialer dialer = Dialer.builder().clientId("lookup-test").dialTimeout(Duration.ofSeconds(5)).build();
        Broker leader = dialer.lookupLeader(bootstrap(), topic, 1);
        assertThat(leader.port()).isPositive();
        List<Partition> partitions = dialer.lookupPartitions(bootstrap(), topic);
        assertThat(partitions).hasSize(2);
        try (Conn conn = dialer.dialPartition(partitions.get(1))) {
            assertThat(conn.partition()).isEqualTo(1);
            assertThat(conn.writeMessages(Message.of("key", "value"))).isEqualTo(8);
        }
        assertThatThrownBy(() -> dialer.dialLeader(bootstrap(), topic, 7))
                .isInstanceOfSatisfying(KafkaBrokerException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }
}
