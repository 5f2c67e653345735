package io.kafkago;

import java.util.Objects;

/**
 * A partition of a topic, used where a set of partitions is handed around (group assignments,
 * commits, rebalance callbacks).
 *
 * @param topic     topic name, never null
 * @param partition partition id, never negative
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    /** Checks the topic is present and the partition id is not negative. */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic must not be null");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, got " + partition);
        }
    }

    /** Orders by topic, then partition id. */
    @Override
    public int compareTo(TopicPartition other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    /** {@code topic-partition}, the form Kafka's tools print. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
