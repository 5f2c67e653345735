package io.kafkago;

import io.kafkago.internal.admin.AdminEngine;
import java.util.List;
import java.util.Map;

/**
 * Cluster administration over a shared connection pool: topics and partitions, configs, consumer
 * groups and their offsets, offsets by time, and record deletion. Every call blocks until the
 * cluster answered, retrying retriable errors (a moving leader or coordinator, a topic still being
 * created) until the configured timeout; other broker errors throw {@link KafkaBrokerException}.
 * Thread-safe; close it to release its connections.
 */
public final class Client implements AutoCloseable {

    private final ClientConfig config;
    private final AdminEngine engine;

    /** A client for the cluster and connection settings in {@code config}; connects lazily. */
    public Client(ClientConfig config) {
        this.config = config;
        this.engine = new AdminEngine(config);
    }

    /** A client with default settings for the given bootstrap brokers. */
    public static Client connect(String... brokers) {
        return new Client(ClientConfig.builder().brokers(brokers).build());
    }

    /** The settings this client was made with. */
    public ClientConfig config() {
        return config;
    }

    /**
     * Creates topics and returns once metadata shows every partition with a leader; throws for the
     * first that fails (e.g. TOPIC_ALREADY_EXISTS).
     */
    public void createTopics(TopicConfig... topics) {
        engine.createTopics(topics);
    }

    /**
     * Deletes topics and returns once metadata no longer lists them; throws for the first that fails
     * (e.g. UNKNOWN_TOPIC_OR_PARTITION).
     */
    public void deleteTopics(String... names) {
        engine.deleteTopics(names);
    }

    /**
     * Grows {@code topic} to {@code totalCount} partitions (Kafka never shrinks a topic) and returns
     * once metadata shows them with leaders.
     */
    public void createPartitions(String topic, int totalCount) {
        engine.createPartitions(topic, totalCount);
    }

    /** Every topic of the cluster, internal ones included, by name. */
    public List<TopicListing> listTopics() {
        return engine.listTopics();
    }

    /** The partitions of the given topics with their leaders and replicas, in topic and partition order. */
    public List<Partition> listPartitions(String... topics) {
        return engine.listPartitions(topics);
    }

    /** The current configs of a topic or broker, by name. */
    public List<ConfigEntry> describeConfigs(ConfigResource resource) {
        return engine.describeConfigs(resource);
    }

    /** Applies incremental config changes to a topic or broker, all or none. */
    public void alterConfigs(ConfigResource resource, ConfigChange... changes) {
        engine.alterConfigs(resource, changes);
    }

    /** Every group the brokers coordinate, by id. */
    public List<GroupListing> listGroups() {
        return engine.listGroups();
    }

    /** Describes groups: state, chosen assignor, members and their assignments. */
    public List<GroupDescription> describeGroups(String... groupIds) {
        return engine.describeGroups(groupIds);
    }

    /** Deletes groups (which must have no active members) with their committed offsets. */
    public void deleteGroups(String... groupIds) {
        engine.deleteGroups(groupIds);
    }

    /** The offsets a group committed, by partition (partitions without a commit are left out). */
    public Map<TopicPartition, Long> fetchOffsets(String groupId) {
        return engine.fetchOffsets(groupId);
    }

    /**
     * Commits offsets for a group that has no active members (an admin commit, generation -1); for a
     * running consumer group the coordinator refuses with a generation error.
     */
    public void commitOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        engine.commitOffsets(groupId, offsets);
    }

    /** Offsets by time for each partition: earliest, latest, or the first at or after a timestamp (-1 if none). */
    public Map<TopicPartition, Long> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        return engine.listOffsets(specs);
    }

    /**
     * Deletes every record before the given offset of each partition.
     *
     * @return each partition's new low watermark (first offset still there)
     */
    public Map<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        return engine.deleteRecords(beforeOffsets);
    }

    /** Closes every connection of the client. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "Client[brokers=" + config.brokers() + ", timeout=" + config.timeout() + "]";
    }
}
