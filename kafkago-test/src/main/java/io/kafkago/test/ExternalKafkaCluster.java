package io.kafkago.test;

import io.kafkago.test.internal.AdministeredCluster;
import io.kafkago.test.internal.ClusterAdmin;
import java.time.Duration;

/**
 * A broker (or cluster) that runs outside this JVM and outlives it: a CI service, a broker started by a script, or a
 * container managed elsewhere. {@link #close()} only releases the admin connection; the broker keeps running.
 */
public final class ExternalKafkaCluster extends AdministeredCluster {

    /** How long {@link #connect(String)} waits for the broker to answer before giving up. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private ExternalKafkaCluster(String bootstrapServers, Duration timeout) {
        super(bootstrapServers, BrokerMode.EXTERNAL, new ClusterAdmin(bootstrapServers, timeout));
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
            cluster.admin().clusterId();
        } catch (KafkaTestSetupException e) {
            cluster.close();
            throw new KafkaTestSetupException("No Kafka broker answers at " + cluster.bootstrapServers(), e);
        }
        return cluster;
    }

    /** Releases the admin connection; the broker keeps running. */
    @Override
    public void close() {
        admin().close();
    }

    @Override
    public String toString() {
        return "ExternalKafkaCluster[bootstrapServers=" + bootstrapServers() + "]";
    }
}
