package io.kafkago.internal.group;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.TopicPartition;
import io.kafkago.network.BrokerAddress;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ConnectionPool;
import io.kafkago.network.MetadataCache;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ErrorCode;
import io.kafkago.protocol.message.OffsetCommitRequest;
import io.kafkago.protocol.message.OffsetCommitResponse;
import io.kafkago.protocol.message.OffsetFetchRequest;
import io.kafkago.protocol.message.OffsetFetchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends requests to a group's coordinator: finds it (FindCoordinator, cached), sends, and forgets
 * it when the connection fails or the broker says it is not (or no longer) the coordinator, so
 * the next request looks it up again. Also builds and reads the offset requests, whose versions
 * are capped below the topic-id versions (OffsetFetch v8+ batches groups, v10 addresses topics by id).
 */
final class CoordinatorClient {

    private static final short MAX_OFFSET_FETCH_VERSION = 7;
    private static final short MAX_OFFSET_COMMIT_VERSION = 9;

    private final String groupId;
    private final ConnectionPool pool;

    CoordinatorClient(String groupId, ConnectionPool pool) {
        this.groupId = groupId;
        this.pool = pool;
    }

    /** Sends {@code request} to the coordinator at the negotiated version (capped by {@code maxVersion}, -1 for none). */
    <T extends ApiMessage> CompletableFuture<T> send(ApiMessage request, short maxVersion, Duration timeout) {
        return coordinator().thenCompose(connection -> {
            short version = connection.negotiatedVersion(request.apiKey());
            if (maxVersion >= 0 && version > maxVersion) {
                version = maxVersion;
            }
            return connection.<T>send(request, version, timeout);
        }).whenComplete((response, error) -> {
            if (error != null && isConnectionTrouble(error)) {
                forgetCoordinator();
            }
        });
    }

    /** {@link #send} waiting for the answer on the calling thread. */
    <T extends ApiMessage> T call(ApiMessage request, short maxVersion, Duration timeout, String what) {
        return BrokerConnection.await(this.<T>send(request, maxVersion, timeout), timeout.toNanos(), what);
    }

    /** The version the coordinator connection negotiated for {@code apiKey}. */
    short negotiatedVersion(ApiKey apiKey, Duration timeout) {
        return BrokerConnection.await(coordinator(), timeout.toNanos(), "connecting to the coordinator of " + groupId)
                .negotiatedVersion(apiKey);
    }

    /** Forgets the cached coordinator, after NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE or a broken connection. */
    void forgetCoordinator() {
        pool.metadata().invalidateCoordinator(MetadataCache.CoordinatorType.GROUP, groupId);
    }

    /** True for errors after which the coordinator must be looked up again. */
    static boolean isCoordinatorError(ErrorCode error) {
        return MetadataCache.isStaleCoordinatorError(error);
    }

    /**
     * Committed offsets of the partitions (-1 where nothing is committed).
     *
     * @throws KafkaBrokerException for a group- or partition-level error (UNSTABLE_OFFSET_COMMIT and
     *                              coordinator errors are retriable)
     */
    Map<TopicPartition, Long> fetchOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<OffsetFetchRequest.OffsetFetchRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, ids) -> topics.add(new OffsetFetchRequest.OffsetFetchRequestTopic()
                .setName(topic).setPartitionIndexes(ids)));
        OffsetFetchRequest request = new OffsetFetchRequest().setGroupId(groupId).setTopics(topics);
        if (negotiatedVersion(ApiKey.OFFSET_FETCH, timeout) >= MAX_OFFSET_FETCH_VERSION) {
            request.setRequireStable(true); // v7+: wait for offsets of open transactions to settle
        }
        OffsetFetchResponse response = call(request, MAX_OFFSET_FETCH_VERSION, timeout, "fetching offsets of " + groupId);
        checkError(response.errorCode(), "fetch committed offsets of group " + groupId);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (OffsetFetchResponse.OffsetFetchResponseTopic topic : response.topics()) {
            for (OffsetFetchResponse.OffsetFetchResponsePartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                checkError(partition.errorCode(), "fetch committed offset of " + tp + " for group " + groupId);
                offsets.put(tp, partition.committedOffset());
            }
        }
        return offsets;
    }

    /**
     * Commits with the generation's ids.
     *
     * @return a future failing with {@link KafkaBrokerException} carrying the first partition error
     */
    CompletableFuture<Void> commitOffsets(PendingCommit commit, Duration timeout) {
        Generation generation = commit.generation();
        Map<String, List<OffsetCommitRequest.OffsetCommitRequestPartition>> byTopic = new LinkedHashMap<>();
        commit.offsets().forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new OffsetCommitRequest.OffsetCommitRequestPartition()
                        .setPartitionIndex(tp.partition())
                        .setCommittedOffset(offset)
                        .setCommittedLeaderEpoch(-1)
                        .setCommittedMetadata("")));
        List<OffsetCommitRequest.OffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new OffsetCommitRequest.OffsetCommitRequestTopic()
                .setName(topic).setPartitions(partitions)));
        OffsetCommitRequest request = new OffsetCommitRequest()
                .setGroupId(groupId)
                .setGenerationIdOrMemberEpoch(generation.generationId())
                .setMemberId(generation.memberId())
                .setGroupInstanceId(generation.groupInstanceId())
                .setTopics(topics);
        return this.<OffsetCommitResponse>send(request, MAX_OFFSET_COMMIT_VERSION, timeout).thenAccept(response -> {
            for (OffsetCommitResponse.OffsetCommitResponseTopic topic : response.topics()) {
                for (OffsetCommitResponse.OffsetCommitResponsePartition partition : topic.partitions()) {
                    checkError(partition.errorCode(), "commit offset of " + topic.name() + "-"
                            + partition.partitionIndex() + " for group " + groupId);
                }
            }
        });
    }

    /** Throws {@link KafkaBrokerException} for a non-zero code, forgetting the coordinator when it moved. */
    void checkError(short code, String context) {
        if (code == 0) {
            return;
        }
        ErrorCode error = ErrorCode.forCode(code);
        if (isCoordinatorError(error)) {
            forgetCoordinator();
        }
        throw new KafkaBrokerException(error, code, context);
    }

    /** The error code of a failure, if it is a broker error; NONE otherwise. */
    static ErrorCode errorOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof KafkaBrokerException broker ? broker.errorCode() : ErrorCode.NONE;
    }

    private static boolean isConnectionTrouble(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof KafkaConnectionException || cause instanceof KafkaTimeoutException;
    }

    private CompletableFuture<BrokerConnection> coordinator() {
        return pool.metadata().coordinator(MetadataCache.CoordinatorType.GROUP, groupId)
                .thenCompose(broker -> pool.connection(new BrokerAddress(broker.host(), broker.port())));
    }
}
