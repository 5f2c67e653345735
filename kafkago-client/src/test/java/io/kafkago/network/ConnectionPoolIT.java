package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Broker;
import io.kafkago.KafkaBrokerException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.ApiVersionsRequest;
import io.kafkago.protocol.message.ApiVersionsResponse;
import io.kafkago.protocol.message.MetadataResponse;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.TestTopics;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The pool, the metadata cache and request pipelining against a real broker. It counts the JVM's connection threads to
 * the shared broker, so it runs {@link Isolated} from the other integration test classes, which connect concurrently.
 */
@KafkaTest
@Isolated("counts the JVM's connection threads to the shared broker")
class ConnectionPoolIT {

    private static final long WAIT_NANOS = Duration.ofSeconds(30).toNanos();

    KafkaTestCluster kafka;
    private ConnectionPool pool;

    @BeforeEach
    void open() {
        List<BrokerAddress> bootstrap = new ArrayList<>();
        for (String address : kafka.bootstrapServers().split(",")) {
            bootstrap.add(BrokerAddress.parse(address));
        }
        pool = new ConnectionPool(ConnectionSettings.DEFAULTS, bootstrap);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void manyRequestsInFlightOnOneConnectionAllGetTheirOwnResponse() {
        BrokerConnection connection = BrokerConnection.await(pool.anyConnection(), WAIT_NANOS, "connecting");
        List<CompletableFuture<? extends Object>> futures = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            futures.add(i % 2 == 0
                    ? connection.<MetadataResponse>send(MetadataCache.request(List.of(), false))
                    : connection.<ApiVersionsResponse>send(new ApiVersionsRequest()
                            .setClientSoftwareName("kafkago").setClientSoftwareVersion("test")));
        }
        for (int i = 0; i < futures.size(); i++) {
            Object response = BrokerConnection.await(futures.get(i), WAIT_NANOS, "request " + i);
            assertThat(response).isInstanceOf(i % 2 == 0 ? MetadataResponse.class : ApiVersionsResponse.class);
        }
        long readerThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("kafkago-conn-" + connection.address())).count();
        assertThat(readerThreads).isEqualTo(1);
    }

    @Test
    void sharesOneConnectionPerBrokerAndReopensAClosedOne() {
        BrokerConnection first = BrokerConnection.await(pool.anyConnection(), WAIT_NANOS, "connecting");
        assertThat(BrokerConnection.await(pool.connection(first.address()), WAIT_NANOS, "again")).isSameAs(first);
        first.close();
        BrokerConnection second = BrokerConnection.await(pool.connection(first.address()), WAIT_NANOS, "reopen");
        assertThat(second).isNotSameAs(first);
        assertThat(second.isOpen()).isTrue();
        assertThat(second.negotiatedVersion(ApiKey.METADATA)).isPositive();
    }

    @Test
    void metadataCacheFindsLeadersAndForgetsStaleTopics() {
        String topic = kafka.createUniqueTopic("pool-metadata", 2);
        MetadataCache metadata = pool.metadata();
        PartitionMetadata leader = BrokerConnection.await(metadata.leader(topic, 1), WAIT_NANOS, "leader");
        assertThat(leader.leaderId()).isGreaterThanOrEqualTo(0);
        assertThat(leader.leaderEpoch()).isGreaterThanOrEqualTo(0);
        assertThat(metadata.current().topics()).containsKey(topic);
        BrokerConnection leaderConnection = BrokerConnection.await(pool.connection(leader.leaderId()), WAIT_NANOS, "leader");
        assertThat(leaderConnection.isOpen()).isTrue();

        metadata.invalidate(topic);
        assertThat(metadata.current().topics()).doesNotContainKey(topic);
        assertThatThrownBy(() -> BrokerConnection.await(metadata.leader(topic, 5), WAIT_NANOS, "missing partition"))
                .isInstanceOfSatisfying(KafkaBrokerException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        assertThatThrownBy(() -> BrokerConnection.await(metadata.topic(TestTopics.unique("missing")), WAIT_NANOS, "x"))
                .isInstanceOfSatisfying(KafkaBrokerException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(MetadataCache.isStaleMetadataError(ErrorCode.NOT_LEADER_OR_FOLLOWER)).isTrue();
        assertThat(MetadataCache.isStaleMetadataError(ErrorCode.TOPIC_ALREADY_EXISTS)).isFalse();
    }

    @Test
    void findsAndCachesTheGroupCoordinator() throws InterruptedException {
        String group = TestTopics.unique("pool-group");
        Broker coordinator = awaitCoordinator(group);
        assertThat(coordinator.port()).isPositive();
        assertThat(BrokerConnection.await(pool.metadata().coordinator(MetadataCache.CoordinatorType.GROUP, group),
                WAIT_NANOS, "cached")).isSameAs(coordinator);
        pool.metadata().invalidateCoordinator(MetadataCache.CoordinatorType.GROUP, group);
        assertThat(awaitCoordinator(group)).isNotSameAs(coordinator).isEqualTo(coordinator);
    }

    /** The offsets topic may still be loading right after the broker started: COORDINATOR_NOT_AVAILABLE is retried. */
    private Broker awaitCoordinator(String group) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            try {
                return BrokerConnection.await(pool.metadata().coordinator(MetadataCache.CoordinatorType.GROUP, group),
                        WAIT_NANOS, "coordinator");
            } catch (KafkaBrokerException e) {
                if (!e.retriable() || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
