package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** A group keeps consuming, losing nothing, while a broker of a 3-broker cluster stops and restarts. */
@KafkaTest(brokers = 3)
class ReaderFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    EmbeddedKafkaCluster cluster;

    @Test
    void groupConsumesThroughABrokerRestartWithoutLoss() throws Exception {
        String topic = "reader-failover-" + System.nanoTime();
        cluster.createTopic(topic, 6, 3, Map.of("min.insync.replicas", "2"));
        String group = topic + "-g";
        Set<String> processed = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Reader> readers = List.of(new Reader(config(topic, group)), new Reader(config(topic, group)));
        List<Thread> consumers = new ArrayList<>();
        for (Reader reader : readers) {
            Thread consumer = new Thread(() -> consume(reader, processed, deliveries, failure), "failover-consumer");
            consumer.start();
            consumers.add(consumer);
        }

        int total = 3_000;
        try (KafkaProducer<byte[], byte[]> producer = ReaderTestSupport.producer(cluster,
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            int stoppedBroker = -1;
            for (int i = 0; i < total; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, i % 6, null, ReaderTestSupport.utf8("m-" + i))));
                if (i == total / 3) {
                    Await.until(WAIT, "consumption under way", () -> processed.size() > total / 6);
                    stoppedBroker = coordinatorOf(group);
                    cluster.stopBroker(stoppedBroker);
                }
                if (i == 2 * total / 3) {
                    cluster.startBroker(stoppedBroker);
                }
                if (i % 100 == 99) {
                    Thread.sleep(20);
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(120, TimeUnit.SECONDS);
            }
        }

        Await.until(WAIT, "all " + total + " messages processed (or a failure)",
                () -> processed.size() == total || failure.get() != null);
        assertThat(failure.get()).isNull();
        readers.forEach(Reader::close);
        for (Thread consumer : consumers) {
            consumer.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (int i = 0; i < total; i++) {
            assertThat(processed).contains("m-" + i);
        }
        System.out.printf("failover test: %d messages, %d deliveries, stale commits %d%n", total, deliveries.get(),
                readers.stream().mapToLong(r -> r.stats().staleCommits()).sum());
        assertThat(failure.get()).isNull();
    }

    @Test
    void partitionReaderFollowsTheLeaderToAnotherBroker() throws Exception {
        String topic = "reader-leader-" + System.nanoTime();
        cluster.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
        ReaderTestSupport.produce(cluster, topic, 0, 0, 100);
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(cluster, topic, 0)
                .maxWait(Duration.ofMillis(200)).requestTimeout(Duration.ofSeconds(10)).build())) {
            for (int i = 0; i < 50; i++) {
                assertThat(reader.readMessage(WAIT).offset()).isEqualTo(i);
            }
            int leader = cluster.leaderOf(topic, 0);
            cluster.stopBroker(leader);
            try {
                Await.until(WAIT, "a new leader", () -> {
                    int now = cluster.leaderOf(topic, 0);
                    return now >= 0 && now != leader;
                });
                ReaderTestSupport.produce(cluster, topic, 0, 100, 50);
                for (int i = 50; i < 150; i++) {
                    Message message = reader.readMessage(WAIT);
                    assertThat(message.offset()).isEqualTo(i);
                    assertThat(message.valueAsString()).isEqualTo("value-" + i);
                }
            } finally {
                cluster.startBroker(leader);
            }
        }
    }

    private ReaderConfig config(String topic, String group) {
        return ReaderConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic).groupId(group)
                .heartbeatInterval(Duration.ofMillis(500)).sessionTimeout(Duration.ofSeconds(10))
                .rebalanceTimeout(Duration.ofSeconds(20)).maxWait(Duration.ofMillis(200))
                .requestTimeout(Duration.ofSeconds(10)).build();
    }

    private static void consume(Reader reader, Set<String> processed, AtomicInteger deliveries,
                                AtomicReference<Throwable> failure) {
        while (true) {
            try {
                Message message = reader.fetchMessage(Duration.ofMillis(200));
                processed.add(message.valueAsString());
                deliveries.incrementAndGet();
                reader.commitMessages(message);
            } catch (KafkaTimeoutException e) {
                // nothing right now
            } catch (IllegalStateException e) {
                return; // closed
            } catch (Throwable t) { // commits are retried while the coordinator moves: nothing may surface
                failure.compareAndSet(null, t);
                return;
            }
        }
    }

    private int coordinatorOf(String group) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group)
                    .coordinator().id();
        }
    }
}
