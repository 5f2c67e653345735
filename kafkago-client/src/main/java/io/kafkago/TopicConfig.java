package io.kafkago;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code Conn.createTopics} creates: a topic name, its partition count and replication
 * factor (or explicit replica assignments), and topic-level configs such as
 * {@code cleanup.policy} or {@code retention.ms}.
 *
 * @param topic              topic name
 * @param numPartitions      partition count, or {@link #BROKER_DEFAULT} for the broker's {@code num.partitions}
 * @param replicationFactor  replication factor, or {@link #BROKER_DEFAULT} for the broker's
 *                           {@code default.replication.factor}
 * @param replicaAssignments partition id to the broker ids holding its replicas (first is the
 *                           preferred leader); empty unless placement is chosen by hand
 * @param configEntries      topic configs by name
 */
public record TopicConfig(String topic, int numPartitions, short replicationFactor,
                          Map<Integer, List<Integer>> replicaAssignments, Map<String, String> configEntries) {

    /** Partition count or replication factor that lets the broker choose (CreateTopics v4+). */
    public static final int BROKER_DEFAULT = -1;

    /** Default partition count: {@value}, the broker's choice. */
    public static final int DEFAULT_NUM_PARTITIONS = BROKER_DEFAULT;

    /** Default replication factor: {@value}, the broker's choice. */
    public static final short DEFAULT_REPLICATION_FACTOR = BROKER_DEFAULT;

    /** Validates and copies; see {@link Builder#build()} for the rules. */
    public TopicConfig {
        ConfigChecks.check(topic != null && !topic.isEmpty(), "TopicConfig.topic: a topic name is required");
        ConfigChecks.check(numPartitions > 0 || numPartitions == BROKER_DEFAULT,
                "TopicConfig.numPartitions: must be positive or -1 (broker default), got " + numPartitions);
        ConfigChecks.check(replicationFactor > 0 || replicationFactor == BROKER_DEFAULT,
                "TopicConfig.replicationFactor: must be positive or -1 (broker default), got " + replicationFactor);
        replicaAssignments = replicaAssignments == null ? Map.of() : copyAssignments(replicaAssignments);
        ConfigChecks.check(replicaAssignments.isEmpty()
                        || numPartitions == BROKER_DEFAULT && replicationFactor == BROKER_DEFAULT,
                "TopicConfig.replicaAssignments: numPartitions and replicationFactor must stay -1 when replicas are "
                        + "assigned by hand");
        configEntries = configEntries == null ? Map.of() : Map.copyOf(configEntries);
    }

    private static Map<Integer, List<Integer>> copyAssignments(Map<Integer, List<Integer>> assignments) {
        Map<Integer, List<Integer>> copy = new HashMap<>();
        assignments.forEach((partition, brokers) -> {
            ConfigChecks.check(partition != null && partition >= 0,
                    "TopicConfig.replicaAssignments: partition ids must not be negative, got " + partition);
            ConfigChecks.check(brokers != null && !brokers.isEmpty(),
                    "TopicConfig.replicaAssignments: partition " + partition + " needs at least one broker");
            copy.put(partition, ConfigChecks.listOf("TopicConfig.replicaAssignments", brokers));
        });
        return Map.copyOf(copy);
    }

    /** A builder for {@code topic}, with every other setting at its default. */
    public static Builder builder(String topic) {
        return new Builder().topic(topic);
    }

    /** A builder holding this config's settings. */
    public Builder toBuilder() {
        return new Builder().topic(topic).numPartitions(numPartitions).replicationFactor(replicationFactor)
                .replicaAssignments(replicaAssignments).configEntries(configEntries);
    }

    /** Collects settings for a {@link TopicConfig}; not thread-safe. */
    public static final class Builder {
        private String topic;
        private int numPartitions = DEFAULT_NUM_PARTITIONS;
        private short replicationFactor = DEFAULT_REPLICATION_FACTOR;
        private final Map<Integer, List<Integer>> replicaAssignments = new LinkedHashMap<>();
        private final Map<String, String> configEntries = new LinkedHashMap<>();

        private Builder() {
        }

        /** Topic name (required). */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Partition count; default {@link #DEFAULT_NUM_PARTITIONS}. */
        public Builder numPartitions(int numPartitions) {
            this.numPartitions = numPartitions;
            return this;
        }

        /** Replication factor; default {@link #DEFAULT_REPLICATION_FACTOR}. */
        public Builder replicationFactor(int replicationFactor) {
            if (replicationFactor > Short.MAX_VALUE || replicationFactor < Short.MIN_VALUE) {
                throw new KafkaConfigException("TopicConfig.replicationFactor: out of range, got " + replicationFactor);
            }
            this.replicationFactor = (short) replicationFactor;
            return this;
        }

        /** Places one partition's replicas on the given brokers (replaces earlier calls for it). */
        public Builder replicaAssignment(int partition, List<Integer> brokerIds) {
            replicaAssignments.put(partition, brokerIds);
            return this;
        }

        /** Replaces all replica assignments. */
        public Builder replicaAssignments(Map<Integer, List<Integer>> assignments) {
            replicaAssignments.clear();
            replicaAssignments.putAll(Objects.requireNonNull(assignments, "replicaAssignments"));
            return this;
        }

        /** Sets one topic config, e.g. {@code config("cleanup.policy", "compact")}. */
        public Builder config(String name, String value) {
            configEntries.put(Objects.requireNonNull(name, "config name"), Objects.requireNonNull(value, "config value"));
            return this;
        }

        /** Replaces all topic configs. */
        public Builder configEntries(Map<String, String> entries) {
            configEntries.clear();
            Objects.requireNonNull(entries, "configEntries").forEach(this::config);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws KafkaConfigException when the topic is missing, a count is 0 or below -1, or
         *                              replicas are assigned by hand while a count is also given
         */
        public TopicConfig build() {
            return new TopicConfig(topic, numPartitions, replicationFactor, replicaAssignments, configEntries);
        }
    }
}
