package io.kafkago.internal.admin;

import io.kafkago.KafkaBrokerException;
import io.kafkago.TopicConfig;
import io.kafkago.IsolationLevel;
import io.kafkago.TopicPartition;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.CreateTopicsRequest;
import io.kafkago.protocol.message.CreateTopicsResponse;
import io.kafkago.protocol.message.DeleteTopicsRequest;
import io.kafkago.protocol.message.DeleteTopicsResponse;
import io.kafkago.protocol.message.ListOffsetsRequest;
import io.kafkago.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests and result checks shared by {@link Conn} (one connection) and {@link Client} (a pool):
 * creating and deleting topics and listing offsets. Broker errors become
 * {@link KafkaBrokerException}s naming what failed.
 */
public final class AdminRequests {

    /** ListOffsets timestamp meaning "the first offset still in the log". */
    public static final long EARLIEST_TIMESTAMP = -2;
    /** ListOffsets timestamp meaning "the offset the next message will get". */
    public static final long LATEST_TIMESTAMP = -1;

    private AdminRequests() {
    }

    public static CreateTopicsRequest createTopics(List<TopicConfig> topics, int timeoutMs) {
        List<CreateTopicsRequest.CreatableTopic> creatable = new ArrayList<>(topics.size());
        for (TopicConfig topic : topics) {
            List<CreateTopicsRequest.CreatableReplicaAssignment> assignments = new ArrayList<>();
            topic.replicaAssignments().forEach((partition, brokers) -> assignments.add(
                    new CreateTopicsRequest.CreatableReplicaAssignment().setPartitionIndex(partition).setBrokerIds(brokers)));
            List<CreateTopicsRequest.CreatableTopicConfig> configs = new ArrayList<>();
            topic.configEntries().forEach((name, value) -> configs.add(
                    new CreateTopicsRequest.CreatableTopicConfig().setName(name).setValue(value)));
            creatable.add(new CreateTopicsRequest.CreatableTopic().setName(topic.topic())
                    .setNumPartitions(topic.numPartitions()).setReplicationFactor(topic.replicationFactor())
                    .setAssignments(assignments).setConfigs(configs));
        }
        return new CreateTopicsRequest().setTopics(creatable).setTimeoutMs(timeoutMs);
    }

    public static void checkCreateTopics(CreateTopicsResponse response) {
        for (var result : response.topics()) {
            throwIfError(result.errorCode(), result.errorMessage(), "creating topic " + result.name());
        }
    }

    public static DeleteTopicsRequest deleteTopics(List<String> names, int timeoutMs, short version) {
        DeleteTopicsRequest request = new DeleteTopicsRequest().setTimeoutMs(timeoutMs);
        if (version >= 6) {
            List<DeleteTopicsRequest.DeleteTopicState> topics = new ArrayList<>(names.size());
            for (String name : names) {
                topics.add(new DeleteTopicsRequest.DeleteTopicState().setName(name));
            }
            return request.setTopics(topics);
        }
        return request.setTopicNames(List.copyOf(names));
    }

    public static void checkDeleteTopics(DeleteTopicsResponse response) {
        for (var result : response.responses()) {
            throwIfError(result.errorCode(), result.errorMessage(), "deleting topic " + result.name());
        }
    }

    /** A ListOffsets request as a consumer (replica id -1, read uncommitted) for each partition's timestamp. */
    /** ListOffsets for {@code timestamps}; under READ_COMMITTED the latest offset is the last stable offset. */
    public static ListOffsetsRequest listOffsets(Map<TopicPartition, Long> timestamps, IsolationLevel isolation) {
        Map<String, ListOffsetsRequest.ListOffsetsTopic> topics = new LinkedHashMap<>();
        timestamps.forEach((partition, timestamp) -> topics
                .computeIfAbsent(partition.topic(), name -> new ListOffsetsRequest.ListOffsetsTopic().setName(name)
                        .setPartitions(new ArrayList<>()))
                .partitions().add(new ListOffsetsRequest.ListOffsetsPartition()
                        .setPartitionIndex(partition.partition()).setTimestamp(timestamp)));
        return new ListOffsetsRequest().setReplicaId(-1).setIsolationLevel(isolation.id())
                .setTopics(new ArrayList<>(topics.values()));
    }

    /** Each partition's answer: the offset, or -1 when no message has a timestamp that recent. */
    public static Map<TopicPartition, Long> offsetsOf(ListOffsetsResponse response) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (var topic : response.topics()) {
            for (var partition : topic.partitions()) {
                TopicPartition key = new TopicPartition(topic.name(), partition.partitionIndex());
                throwIfError(partition.errorCode(), null, "listing offsets of " + key);
                offsets.put(key, partition.offset());
            }
        }
        return offsets;
    }

    /** Throws a {@link KafkaBrokerException} for a non-zero code, with the broker's message when it sent one. */
    public static void throwIfError(short code, String brokerMessage, String context) {
        if (code != 0) {
            String detail = brokerMessage == null || brokerMessage.isEmpty() ? context : context + " (" + brokerMessage + ")";
            throw new KafkaBrokerException(ErrorCode.forCode(code), code, detail);
        }
    }
}
