package io.kafkago.test;

import java.util.Map;

/** The JVM-wide cluster as handed to tests: everything but {@code close()}, which the owner does at JVM exit. */
final class SharedKafkaTestCluster implements KafkaTestCluster {

    private final KafkaTestCluster cluster;

    SharedKafkaTestCluster(KafkaTestCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public BrokerMode mode() {
        return cluster.mode();
    }

    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        cluster.createTopic(name, partitions, replicationFactor, configs);
    }

    @Override
    public void deleteTopic(String name) {
        cluster.deleteTopic(name);
    }

    /** Does nothing: other tests still use the shared cluster. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "shared " + cluster;
    }
}
