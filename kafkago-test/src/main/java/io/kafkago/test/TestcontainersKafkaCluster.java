package io.kafkago.test;

import io.kafkago.test.internal.AdministeredCluster;
import io.kafkago.test.internal.ClusterAdmin;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' Kafka container (the official {@code apache/kafka} image in KRaft mode). Needs a Docker engine and
 * {@code org.testcontainers:testcontainers-kafka} on the test classpath (an optional dependency of kafkago-test).
 */
public final class TestcontainersKafkaCluster extends AdministeredCluster {

    /** The broker image: the same Kafka version as the embedded broker. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.2";

    private final KafkaContainer container;

    private TestcontainersKafkaCluster(KafkaContainer container, Duration timeout) {
        super(container.getBootstrapServers(), BrokerMode.TESTCONTAINERS,
                new ClusterAdmin(container.getBootstrapServers(), timeout));
        this.container = container;
    }

    /** Whether Testcontainers finds a usable Docker engine (answers quickly when there is none). */
    public static boolean isDockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /**
     * Starts a single-broker container from {@code image} with the same test-friendly settings as the embedded broker
     * (internal topics with one replica, no initial rebalance delay).
     *
     * @throws KafkaTestSetupException if Docker is not available or the container does not start
     */
    public static TestcontainersKafkaCluster start(String image) {
        if (!isDockerAvailable()) {
            throw new KafkaTestSetupException("Broker mode testcontainers needs a Docker engine, and Testcontainers "
                    + "found none; use the embedded broker (unset " + BrokerSettings.MODE_ENV + ") or start Docker");
        }
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new KafkaTestSetupException("Cannot start the Kafka container " + image, e);
        }
        return new TestcontainersKafkaCluster(container, EmbeddedKafkaClusterConfig.DEFAULT_OPERATION_TIMEOUT);
    }

    @Override
    public void close() {
        admin().close();
        container.close();
    }

    @Override
    public String toString() {
        return "TestcontainersKafkaCluster[image=" + container.getDockerImageName() + ", bootstrapServers="
                + bootstrapServers() + "]";
    }
}
