package io.kafkago.test;

import io.kafkago.test.internal.ClusterAdmin;
import java.time.Duration;
import java.util.Map;

/**
 * A broker (or cluster) that runs outside this JVM and outlives it: a CI service, a broker started by a script, or a
 * container managed elsewhere. {@link #close()} only releases the admin connection; the broker keeps running.
 */
public final class ExternalKafkaCluster implements KafkaTestCluster {

    /** How long {@link #connect(String)} waits for the broker to answer before giving up. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final ClusterAdmin topics;

    private ExternalKafkaCluster(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topics = new ClusterAdmin(bootstrapServers, timeout);
    }

    /** Connects with {@link #DEFAULT_CONNECT_TIMEOUT}; see {@link #connect(String, Duration)}. */
    public static ExternalKafkaCluster connect(String bootstrapServers) {
        return connect(bootstrapServers, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Checks that a broker answers at {@code bootstrapServers} (a {@code host:port} list) and returns a handle to it.
     *
     * @throws KafkaTestSetupException if no broker answers within {@code timeout}
     */
    public static ExternalKafkaCluster connect(String bootstrapServers, Duration timeout) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new KafkaTestSetupException("No external broker address given: set " + BrokerSettings.BROKERS_ENV
                    + " or -D" + BrokerSettings.BROKERS_PROPERTY + " to host:port");
        }
        ExternalKafkaCluster cluster = new ExternalKafkaCluster(bootstrapServers.trim(), timeout);
        try {
            cluster.topics.clusterId();
        } catch (KafkaTestSetupException e) {
            cluster.close();
            throw new KafkaTestSetupException("No Kafka broker answers at " + cluster.bootstrapServers, e);
        }
        return cluster;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public BrokerMode mode() {
        return BrokerMode.EXTERNAL;
    }

    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        topics.createTopic(name, partitions, replicationFactor, configs);
    }

    @Override
    public void deleteTopic(String name) {
        topics.deleteTopic(name);
    }

    @Override
    public void close() {
        topics.close();
    }

    @Override
    public String toString() {
        return "ExternalKafkaCluster[bootstrapServers=" + bootstrapServers + "]";
    }
}
