package io.kafkago.test;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * A running Kafka cluster a test can talk to, whatever provides it (see {@link BrokerMode}).
 *
 * <p>Topic administration goes through kafka-clients' Admin; that is test support only and never reaches the
 * kafkago client under test. {@link #createTopic} returns once every partition has a leader, so a client may produce
 * to the topic right away.
 */
public interface KafkaTestCluster extends AutoCloseable {

    /** Comma-separated {@code host:port} list of the plaintext listeners of all brokers. */
    String bootstrapServers();

    /** Where this cluster comes from. */
    BrokerMode mode();

    /**
     * Creates a topic and waits until every partition has a leader.
     *
     * @param configs topic-level configs such as {@code cleanup.policy}; may be empty
     * @throws KafkaTestSetupException if the topic cannot be created (it already exists, too few brokers, ...)
     */
    void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs);

    /** Creates a topic with replication factor 1 and no topic configs; see {@link #createTopic(String, int, int, Map)}. */
    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, 1, Map.of());
    }

    /**
     * Creates a topic with a fresh unique name derived from {@code prefix} (see {@link TestTopics#unique}) and
     * returns that name.
     */
    default String createUniqueTopic(String prefix, int partitions) {
        String name = TestTopics.unique(prefix);
        createTopic(name, partitions);
        return name;
    }

    /** Deletes a topic and waits until the deletion is acknowledged by the controller. */
    void deleteTopic(String name);

    /**
     * Properties for a kafka-clients client connecting to the plaintext listener ({@code bootstrap.servers}); handy
     * for interop tests. The map is a fresh mutable copy.
     */
    default Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** Stops what this object started (brokers, containers) and releases its resources. */
    @Override
    void close();
}
