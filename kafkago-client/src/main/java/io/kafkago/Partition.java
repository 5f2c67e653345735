package io.kafkago;

import java.util.List;
import java.util.Objects;

/**
 * A topic partition as metadata describes it: its leader and replica sets.
 *
 * @param topic           topic name
 * @param id              partition id
 * @param leader          current leader, or null when the partition has none
 * @param replicas        all replicas
 * @param isr             in-sync replicas
 * @param offlineReplicas replicas that are offline
 */
public record Partition(String topic, int id, Broker leader, List<Broker> replicas, List<Broker> isr,
                        List<Broker> offlineReplicas) {

    /** Checks the topic is present and copies the lists (null lists become empty). */
    public Partition {
        Objects.requireNonNull(topic, "topic must not be null");
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        isr = isr == null ? List.of() : List.copyOf(isr);
        offlineReplicas = offlineReplicas == null ? List.of() : List.copyOf(offlineReplicas);
    }

    /** This partition's topic and id. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, id);
    }
}
