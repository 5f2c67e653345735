package io.kafkago.network;

import io.kafkago.Broker;
import io.kafkago.Partition;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of the cluster as of one or more Metadata responses: brokers, controller and
 * the topics asked about so far.
 *
 * @param clusterId the cluster id, or null before the first response
 * @param controllerId the controller's broker id, or -1 when unknown
 * @param brokers brokers by id
 * @param topics known topics by name
 */
public record ClusterMetadata(String clusterId, int controllerId, Map<Integer, Broker> brokers,
                              Map<String, TopicMetadata> topics) {

    /** Nothing known yet. */
    public static final ClusterMetadata EMPTY = new ClusterMetadata(null, -1, Map.of(), Map.of());

    /** Copies the maps. */
    public ClusterMetadata {
        brokers = Map.copyOf(brokers);
        topics = Map.copyOf(topics);
    }

    /** The controller broker, or null when unknown. */
    public Broker controller() {
        return brokers.get(controllerId);
    }

    /** The cluster as one Metadata response describes it. */
    public static ClusterMetadata of(MetadataResponse response) {
        Map<Integer, Broker> brokers = new HashMap<>();
        for (var broker : response.brokers()) {
            brokers.put(broker.nodeId(), new Broker(broker.nodeId(), broker.host(), broker.port(), broker.rack()));
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        for (var topic : response.topics()) {
            if (topic.name() == null) {
                continue; // answered by topic id only; we always ask by name
            }
            List<PartitionMetadata> partitions = new ArrayList<>(topic.partitions().size());
            for (var partition : topic.partitions()) {
                partitions.add(new PartitionMetadata(topic.name(), partition.partitionIndex(),
                        ErrorCode.forCode(partition.errorCode()), partition.leaderId(), partition.leaderEpoch(),
                        partition.replicaNodes(), partition.isrNodes(), partition.offlineReplicas()));
            }
            partitions.sort(Comparator.comparingInt(PartitionMetadata::partition));
            topics.put(topic.name(), new TopicMetadata(topic.name(), topic.topicId(), ErrorCode.forCode(topic.errorCode()),
                    topic.isInternal(), partitions));
        }
        return new ClusterMetadata(response.clusterId(), response.controllerId(), brokers, topics);
    }

    /** {@code fresh}'s brokers and controller, with its topics merged over (or replacing) the known ones. */
    ClusterMetadata merge(ClusterMetadata fresh, boolean replaceAllTopics) {
        Map<String, TopicMetadata> merged = replaceAllTopics ? new HashMap<>() : new HashMap<>(topics);
        merged.putAll(fresh.topics);
        return new ClusterMetadata(fresh.clusterId, fresh.controllerId, fresh.brokers, merged);
    }

    /** A copy without {@code topic}, so the next lookup asks a broker again. */
    ClusterMetadata without(String topic) {
        if (!topics.containsKey(topic)) {
            return this;
        }
        Map<String, TopicMetadata> remaining = new HashMap<>(topics);
        remaining.remove(topic);
        return new ClusterMetadata(clusterId, controllerId, brokers, remaining);
    }

    /** The public description of one partition, with broker ids resolved (unknown ids become id-only brokers). */
    public Partition toPartition(PartitionMetadata partition) {
        return new Partition(partition.topic(), partition.partition(),
                partition.leaderId() < 0 ? null : broker(partition.leaderId()),
                brokers(partition.replicaIds()), brokers(partition.isrIds()), brokers(partition.offlineIds()));
    }

    /** Every partition of a topic, in partition order, as public descriptions. */
    public List<Partition> toPartitions(TopicMetadata topic) {
        List<Partition> result = new ArrayList<>(topic.partitions().size());
        for (PartitionMetadata partition : topic.partitions()) {
            result.add(toPartition(partition));
        }
        return result;
    }

    private Broker broker(int id) {
        Broker broker = brokers.get(id);
        return broker != null ? broker : new Broker(id, "", -1, null);
    }

    private List<Broker> brokers(List<Integer> ids) {
        List<Broker> result = new ArrayList<>(ids.size());
        for (int id : ids) {
            result.add(broker(id));
        }
        return result;
    }
}
