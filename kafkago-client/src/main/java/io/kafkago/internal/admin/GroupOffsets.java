package io.kafkago.internal.admin;

import io.kafkago.TopicPartition;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.message.OffsetCommitRequest;
import io.kafkago.protocol.message.OffsetCommitResponse;
import io.kafkago.protocol.message.OffsetFetchRequest;
import io.kafkago.protocol.message.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * OffsetFetch and OffsetCommit for {@link Client}: builds the request for the negotiated version
 * (OffsetFetch v8+ nests everything under {@code Groups}) and checks every error code.
 */
public final class GroupOffsets {

    private static final int FIRST_BATCHED_FETCH_VERSION = 8;
    /** Commits outside any generation, as admin tools do for groups without active members. */
    private static final int NO_GENERATION = -1;

    private GroupOffsets() {
    }

    public static OffsetFetchRequest fetchRequest(String groupId, short version) {
        if (version >= FIRST_BATCHED_FETCH_VERSION) {
            return new OffsetFetchRequest().setGroups(java.util.List.of(
                    new OffsetFetchRequest.OffsetFetchRequestGroup().setGroupId(groupId).setTopics(null)));
        }
        return new OffsetFetchRequest().setGroupId(groupId).setTopics(null);
    }

    public static Map<TopicPartition, Long> fetched(ApiMessage message, String groupId) {
        OffsetFetchResponse response = (OffsetFetchResponse) message;
        String context = "fetching offsets of group " + groupId;
        Map<TopicPartition, Long> offsets = new TreeMap<>();
        if (!response.groups().isEmpty()) {
            for (var group : response.groups()) {
                AdminRequests.throwIfError(group.errorCode(), null, context);
                for (var topic : group.topics()) {
                    for (var partition : topic.partitions()) {
                        add(offsets, topic.name(), partition.partitionIndex(), partition.committedOffset(),
                                partition.errorCode(), context);
                    }
                }
            }
            return offsets;
        }
        AdminRequests.throwIfError(response.errorCode(), null, context);
        for (var topic : response.topics()) {
            for (var partition : topic.partitions()) {
                add(offsets, topic.name(), partition.partitionIndex(), partition.committedOffset(), partition.errorCode(),
                        context);
            }
        }
        return offsets;
    }

    private static void add(Map<TopicPartition, Long> offsets, String topic, int partition, long offset, short errorCode,
                            String context) {
        AdminRequests.throwIfError(errorCode, null, context + " for " + topic + "-" + partition);
        if (offset >= 0) {
            offsets.put(new TopicPartition(topic, partition), offset);
        }
    }

    public static OffsetCommitRequest commitRequest(String groupId, Map<TopicPartition, Long> offsets) {
        Map<String, OffsetCommitRequest.OffsetCommitRequestTopic> topics = new TreeMap<>();
        offsets.forEach((partition, offset) -> topics.computeIfAbsent(partition.topic(), name ->
                new OffsetCommitRequest.OffsetCommitRequestTopic().setName(name).setPartitions(new ArrayList<>()))
                .partitions().add(new OffsetCommitRequest.OffsetCommitRequestPartition()
                        .setPartitionIndex(partition.partition()).setCommittedOffset(offset)));
        return new OffsetCommitRequest().setGroupId(groupId).setGenerationIdOrMemberEpoch(NO_GENERATION).setMemberId("")
                .setTopics(new ArrayList<>(topics.values()));
    }

    public static void checkCommitted(ApiMessage message, String groupId) {
        for (var topic : ((OffsetCommitResponse) message).topics()) {
            for (var partition : topic.partitions()) {
                AdminRequests.throwIfError(partition.errorCode(), null, "committing offsets of group " + groupId
                        + " for " + topic.name() + "-" + partition.partitionIndex());
            }
        }
    }
}
