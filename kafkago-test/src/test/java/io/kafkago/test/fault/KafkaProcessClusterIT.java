package io.kafkago.test.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kafkago.test.Await;
import io.kafkago.test.BrokerMode;
import io.kafkago.test.ClientRoundTrip;
import io.kafkago.test.KafkaTestSetupException;
import io.kafkago.test.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One controller and three broker processes behind fault proxies, shared by the tests of this class; each test leaves
 * every broker running and every proxy healed. Brokers run with Kafka's default timeouts, so a killed or paused leader
 * is replaced only after its 9 s session timeout.
 */
class KafkaProcessClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final short PRODUCE = ApiKeys.PRODUCE.id;
    private static KafkaProcessCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaProcessCluster.start();
        System.out.printf("process cluster (1 controller + 3 brokers) started in %d ms%n",
                cluster.startupDuration().toMillis());
    }

    @AfterAll
    static void closeCluster() {
        if (cluster == null) {
            return;
        }
        List<Long> pids = cluster.brokerIds().stream().map(cluster::pid).collect(Collectors.toList());
        cluster.close();
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @AfterEach
    void restoreCluster() {
        cluster.healProxies();
        for (int id : cluster.brokerIds()) {
            if (cluster.isPaused(id)) {
                cluster.resume(id);
            } else if (!cluster.isRunning(id)) {
                cluster.restart(id);
            }
        }
    }

    @Test
    void everyClientConnectionGoesThroughTheBrokersProxies() throws Exception {
        assertThat(cluster.mode()).isEqualTo(BrokerMode.PROCESS);
        assertThat(cluster.brokerIds()).containsExactly(0, 1, 2);
        List<Integer> proxyPorts = cluster.brokerIds().stream().map(id -> cluster.proxy(id).port())
                .collect(Collectors.toList());
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::port)
                    .containsExactlyInAnyOrderElementsOf(proxyPorts);
        }

        String topic = TestTopics.unique("proxied");
        cluster.createTopic(topic, 3, 3, Map.of());
        DeliveryChecker checker = DeliveryChecker.readingHeader("delivery-id");
        Map<Integer, Long> producedBefore = cluster.brokerIds().stream()
                .collect(Collectors.toMap(id -> id, id -> cluster.proxy(id).requests(PRODUCE)));
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 30; i++) {
                String id = checker.nextId("p");
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, i % 3, null, "payload " + i);
                record.headers().add("delivery-id", id.getBytes(StandardCharsets.UTF_8));
                producer.send(record).get(30, TimeUnit.SECONDS);
                checker.acknowledged(id);
            }
        }
        for (int partition = 0; partition < 3; partition++) {
            int leader = cluster.leaderOf(topic, partition);
            assertThat(cluster.proxy(leader).requests(PRODUCE)).isGreaterThan(producedBefore.get(leader));
        }
        DeliveryReport report = checker.check(cluster, topic);
        report.assertClean();
        assertThat(report.recordsRead()).isEqualTo(30);
        assertThat(ClientRoundTrip.consume(cluster.clientProperties(), topic, 10, TIMEOUT)).hasSize(10);
    }

    @Test
    void aKilledLeaderIsReplacedAndARestartedBrokerRejoinsTheIsr() throws Exception {
        String topic = TestTopics.unique("kill");
        cluster.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
        produce(topic, "before");
        int leader = cluster.leaderOf(topic, 0);
        long pid = cluster.pid(leader);

        cluster.kill(leader);
        assertThat(cluster.isRunning(leader)).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        int newLeader = cluster.awaitLeaderChange(topic, 0, leader, TIMEOUT);
        assertThat(newLeader).isNotEqualTo(leader).isIn(cluster.brokerIds());
        assertThat(cluster.isrOf(topic, 0)).doesNotContain(leader).hasSize(2);
        produce(topic, "during");

        cluster.restart(leader);
        assertThat(cluster.isRunning(leader)).isTrue();
        assertThat(cluster.isrOf(topic, 0)).containsExactly(0, 1, 2);
        produce(topic, "after");
        assertThat(ClientRoundTrip.consume(cluster.clientProperties(), topic, 3, TIMEOUT))
                .containsExactly("before", "during", "after");
    }

    @Test
    void aStoppedLeaderHandsOverAtOnceAndRestartsWithItsData() throws Exception {
        String topic = TestTopics.unique("stop");
        cluster.createTopic(topic, 1, 3, Map.of());
        produce(topic, "kept");
        int leader = cluster.leaderOf(topic, 0);

        cluster.stop(leader);
        assertThat(cluster.isRunning(leader)).isFalse();
        cluster.awaitLeaderChange(topic, 0, leader, TIMEOUT);

        cluster.restart(leader);
        cluster.moveLeader(topic, 0, leader);
        assertThat(cluster.leaderOf(topic, 0)).isEqualTo(leader);
        assertThat(ClientRoundTrip.consume(cluster.clientProperties(), topic, 1, TIMEOUT)).containsExactly("kept");
    }

    @Test
    void aPausedLeaderIsFencedAndRejoinsOnceResumed() throws Exception {
        String topic = TestTopics.unique("pause");
        cluster.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
        produce(topic, "before");
        int leader = cluster.leaderOf(topic, 0);

        cluster.pause(leader);
        assertThat(cluster.isPaused(leader)).isTrue();
        assertThat(cluster.isRunning(leader)).isTrue();
        cluster.awaitLeaderChange(topic, 0, leader, TIMEOUT);
        produce(topic, "while paused");

        cluster.resume(leader);
        assertThat(cluster.isPaused(leader)).isFalse();
        assertThat(cluster.awaitIsr(topic, 0, isr -> isr.contains(leader), TIMEOUT)).containsExactly(0, 1, 2);
        assertThat(ClientRoundTrip.consume(cluster.clientProperties(), topic, 2, TIMEOUT))
                .containsExactly("before", "while paused");
    }

    @Test
    void reassignmentAndPreferredLeaderElectionMoveTheLeader() {
        String topic = TestTopics.unique("move");
        cluster.createTopic(topic, 1, 3, Map.of());
        int leader = cluster.leaderOf(topic, 0);
        List<Integer> othersFirst = new ArrayList<>(cluster.brokerIds());
        othersFirst.remove(Integer.valueOf(leader));
        othersFirst.add(leader);

        cluster.reassign(topic, 0, othersFirst);
        assertThat(cluster.replicasOf(topic, 0)).containsExactlyElementsOf(othersFirst);
        assertThat(cluster.leaderOf(topic, 0)).isEqualTo(leader);

        cluster.electPreferredLeaders(topic);
        assertThat(cluster.leaderOf(topic, 0)).isEqualTo(othersFirst.get(0));
        assertThat(cluster.groupCoordinatorOf(TestTopics.unique("group"))).isIn(cluster.brokerIds());
    }

    @Test
    void anIdempotentProducerNeitherLosesNorDuplicatesWhenAnAcknowledgementIsLost() throws Exception {
        String topic = TestTopics.unique("lost-ack");
        DeliveryReport report = writeThroughALostAcknowledgement(topic, true);

        report.assertClean();
        assertThat(report.acknowledged()).isEqualTo(60);
        assertThat(report.recordsRead()).isEqualTo(60);
    }

    @Test
    void withoutIdempotenceTheRetryAfterALostAcknowledgementDuplicates() throws Exception {
        String topic = TestTopics.unique("lost-ack-dup");
        DeliveryReport report = writeThroughALostAcknowledgement(topic, false);

        assertThat(report.lost()).isEmpty();
        assertThat(report.duplicated()).as(report.toString()).isNotEmpty();
        assertThat(report.recordsRead()).isGreaterThan(60);
    }

    @Test
    void aClusterThatCannotStartFailsWithTheEndOfTheLogsAndLeavesNothingBehind() {
        KafkaProcessClusterConfig broken = KafkaProcessClusterConfig.builder().brokers(1)
                .brokerProperty("log.retention.ms", "not-a-number").build();

        Throwable failure = catchThrowable(() -> KafkaProcessCluster.start(broken));

        assertThat(failure).isInstanceOf(KafkaTestSetupException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("Invalid value not-a-number for configuration log.retention.ms");
        Matcher logPath = Pattern.compile("end of (\\S+\\.log):").matcher(failure.getMessage());
        assertThat(logPath.find()).isTrue();
        assertThat(Path.of(logPath.group(1))).doesNotExist();
    }

    /**
     * Writes 10 messages, then 50 more while the leader's proxy swallows one Produce response and refuses reconnects
     * until the producer has tried one; the response was lost after the write reached the log.
     */
    private DeliveryReport writeThroughALostAcknowledgement(String topic, boolean idempotent) throws Exception {
        cluster.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
        FaultProxy proxy = cluster.proxy(cluster.leaderOf(topic, 0));
        DeliveryChecker checker = DeliveryChecker.readingValues();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        if (!idempotent) {
            settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        }
        long refusedBefore = proxy.refusedConnections();
        try (KafkaProducer<String, String> producer = producer(settings)) {
            send(producer, checker, topic, 10);
            producer.flush();
            proxy.dropResponses(PRODUCE, 1).refuseConnections(true);
            send(producer, checker, topic, 50);
            proxy.awaitDroppedResponses(1, TIMEOUT);
            Await.until(TIMEOUT, "the producer to try to reconnect", () -> proxy.refusedConnections() > refusedBefore);
            proxy.heal();
            producer.flush();
        }
        assertThat(proxy.droppedResponses()).isGreaterThanOrEqualTo(1);
        assertThat(checker.failedCount()).isZero();
        return checker.check(cluster, topic);
    }

    private static void send(KafkaProducer<String, String> producer, DeliveryChecker checker, String topic,
            int count) {
        for (int i = 0; i < count; i++) {
            String id = checker.nextId("writer");
            producer.send(new ProducerRecord<>(topic, 0, null, id), (metadata, error) -> {
                if (error == null) {
                    checker.acknowledged(id);
                } else {
                    checker.failed(id);
                }
            });
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
        Map<String, Object> properties = cluster.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.putAll(settings);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /**
     * Produces through the proxies; a short request timeout lets the producer give up on a paused broker it happens to
     * ask for metadata.
     */
    private static void produce(String topic, String value) throws Exception {
        Map<String, Object> properties = cluster.clientProperties();
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        ClientRoundTrip.produce(properties, topic, List.of(value), TIMEOUT);
    }
}
