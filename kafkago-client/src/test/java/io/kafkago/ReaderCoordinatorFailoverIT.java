package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A group member committing every message while its group coordinator is stopped and restarted, twice in a row like a
 * rolling restart, with either group protocol: no commit (and no read) fails, no message is skipped, and in the end
 * everything is committed.
 *
 * <p>Without controlled shutdown a stopped broker goes the way a killed one does: it hands none of its partitions
 * over, so the group's offsets stay with a dead coordinator until the controller fences it (after
 * {@code broker.session.timeout.ms}), and the broker that takes over has to load them first.
 *
 * <p>It runs {@link Isolated} from the other integration test classes: the producer writes for as long as the restarts
 * take and the member commits message by message, so with neighbours competing for the CPU the restarts take longer,
 * the backlog grows (22,790 messages instead of 13,540 in one parallel run) and draining it outlasts the test's own
 * two-minute bound.
 */
@KafkaTest(brokers = 3, brokerProperties = "controlled.shutdown.enable=false")
@Isolated("its workload grows with the time the restarts take, which CPU-hungry neighbours stretch")
class ReaderCoordinatorFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 3;
    private static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final int OFFSETS_TOPIC_PARTITIONS = 5;

    EmbeddedKafkaCluster cluster;

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void commitsRideOutARollingRestartOfTheGroupCoordinatorWithoutErrorsOrSkips(GroupProtocol protocol) throws Exception {
        String topic = "coordinator-failover-" + protocol.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        String group = topic + "-g";
        Map<Integer, Set<Long>> delivered = new ConcurrentHashMap<>();
        Set<String> processed = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Future<RecordMetadata>> acks = Collections.synchronizedList(new ArrayList<>());

        try (KafkaProducer<byte[], byte[]> producer = ReaderTestSupport.producer(cluster,
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
             Reader reader = new Reader(ReaderConfig.builder().brokers(cluster.bootstrapServers().split(","))
                     .topic(topic).groupId(group).groupProtocol(protocol).heartbeatInterval(Duration.ofMillis(500))
                     .sessionTimeout(Duration.ofSeconds(10)).rebalanceTimeout(Duration.ofSeconds(20))
                     .maxWait(Duration.ofMillis(200)).requestTimeout(Duration.ofSeconds(10)).build())) {
            Thread producerThread = new Thread(() -> produceUntilStopped(producer, topic, producing, acks),
                    "failover-producer");
            Thread consumer = new Thread(() -> consume(reader, delivered, processed, errors), "failover-consumer");
            producerThread.start();
            consumer.start();

            for (int restart = 0; restart < 2; restart++) {
                awaitProgress(processed, 500, "consumption before restart " + restart);
                int coordinator = coordinatorOf(group);
                cluster.stopBroker(coordinator);
                try {
                    awaitProgress(processed, 500, "committed consumption while broker " + coordinator + " is down");
                } finally {
                    cluster.startBroker(coordinator);
                }
                awaitFullReplication(topic);
            }

            producing.set(false);
            producerThread.join(WAIT.toMillis());
            for (Future<RecordMetadata> ack : acks) {
                ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            int total = acks.size();
            Await.until(WAIT, "all " + total + " messages processed", () -> processed.size() == total);
            Map<Integer, Long> ends = endOffsets(topic);
            Await.until(WAIT, "every partition committed to its end", () -> committed(group, topic).equals(ends));

            reader.close();
            consumer.join(WAIT.toMillis());
            assertThat(errors).as("errors the application saw").isEmpty();
            for (int i = 0; i < total; i++) {
                assertThat(processed).contains("m-" + i);
            }
            ends.forEach((partition, end) -> assertThat(delivered.getOrDefault(partition, Set.of()))
                    .as("offsets delivered from partition %d", partition)
                    .containsAll(LongStream.range(0, end).boxed().toList()));
            assertThat(committed(group, topic)).isEqualTo(ends);
            System.out.printf("coordinator failover test (%s): %d messages, %d commits, %d stale commits, %d rebalances%n",
                    protocol, total, reader.stats().commits(), reader.stats().staleCommits(), reader.stats().rebalances());
        }
    }

    private static void produceUntilStopped(KafkaProducer<byte[], byte[]> producer, String topic, AtomicBoolean producing,
                                            List<Future<RecordMetadata>> acks) {
        for (int i = 0; producing.get(); i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, ReaderTestSupport.utf8("m-" + i))));
            if (i % 10 == 9) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Fetches and commits one message at a time, as an at-least-once application does; records what it saw. */
    private static void consume(Reader reader, Map<Integer, Set<Long>> delivered, Set<String> processed,
                                List<Throwable> errors) {
        while (true) {
            try {
                Message message;
                try {
                    message = reader.fetchMessage(Duration.ofMillis(200));
                } catch (KafkaTimeoutException e) {
                    continue; // nothing right now
                }
                delivered.computeIfAbsent(message.partition(), p -> ConcurrentHashMap.newKeySet()).add(message.offset());
                processed.add(message.valueAsString());
                reader.commitMessages(message);
            } catch (IllegalStateException e) {
                return; // closed
            } catch (Throwable t) {
                errors.add(t);
            }
        }
    }

    private static void awaitProgress(Set<String> processed, int messages, String what) {
        int from = processed.size();
        Await.until(WAIT, what, () -> processed.size() >= from + messages);
    }

    /** Waits for the restarted broker to be back in sync everywhere, so the next stop leaves two replicas. */
    private void awaitFullReplication(String topic) {
        Await.until(WAIT, "all replicas in sync", () -> {
            for (int p = 0; p < PARTITIONS; p++) {
                if (cluster.inSyncReplicasOf(topic, p).size() < 3) {
                    return false;
                }
            }
            for (int p = 0; p < OFFSETS_TOPIC_PARTITIONS; p++) {
                if (cluster.inSyncReplicasOf(OFFSETS_TOPIC, p).size() < 3) {
                    return false;
                }
            }
            return true;
        });
    }

    private int coordinatorOf(String group) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group)
                    .coordinator().id();
        }
    }

    private Map<Integer, Long> endOffsets(String topic) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new org.apache.kafka.common.TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Map<org.apache.kafka.common.TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(),
                    e -> e.getValue().offset()));
        }
    }

    private Map<Integer, Long> committed(String group, String topic) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (tp.topic().equals(topic) && offset != null) {
                    byPartition.put(tp.partition(), offset.offset());
                }
            });
            return byPartition;
        } catch (Exception e) {
            return Map.of(); // asked again by the caller's wait
        }
    }
}
