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
import io.kafkago.ErrorCode;
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
import java.util.function.IntFunction;

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
        return send(request.apiKey(), version -> request, maxVersion, timeout);
    }

    /** {@link #send(ApiMessage, short, Duration)} for a request whose fields depend on the version chosen. */
    private <T extends ApiMessage> CompletableFuture<T> send(ApiKey apiKey, IntFunction<ApiMessage> requestAt,
                                                             short maxVersion, Duration timeout) {
        return coordinator().thenCompose(connection -> {
            short version = connection.negotiatedVersion(apiKey);
            if (maxVersion >= 0 && version > maxVersion) {
                version = maxVersion;
            }
            return connection.<T>send(requestAt.apply(version), version, timeout);
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

    /**
     * True for errors after which the coordinator must be looked up again: it moved or is unavailable, or it timed the
     * request out, which a broker losing the group's offsets partition does (kafka-clients looks it up again too).
     */
    static boolean isCoordinatorError(ErrorCode error) {
        return MetadataCache.isStaleCoordinatorError(error) || error == ErrorCode.REQUEST_TIMED_OUT;
    }

    /**
     * Whether a failed coordinator request is worth sending again: the broker said a retry may succeed (the
     * coordinator loading, moving or timing out, or a consumer-protocol member epoch that moved on while the request
     * was on its way, which the next attempt's rebase catches up with), or the connection failed or timed out.
     * Errors that end the generation are not: a retry could not apply the request to the generation it was made in.
     */
    static boolean isRetriable(Throwable failure) {
        if (failure instanceof KafkaBrokerException broker) {
            return broker.retriable() || isCoordinatorError(broker.errorCode())
                    || broker.errorCode() == ErrorCode.STALE_MEMBER_EPOCH;
        }
        return isConnectionTrouble(failure);
    }

    /**
     * Committed offsets of the partitions (-1 where nothing is committed).
     *
     * @return a future failing with {@link KafkaBrokerException} for a group- or partition-level error
     *         (UNSTABLE_OFFSET_COMMIT and coordinator errors are retriable)
     */
    CompletableFuture<Map<TopicPartition, Long>> fetchOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<OffsetFetchRequest.OffsetFetchRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, ids) -> topics.add(new OffsetFetchRequest.OffsetFetchRequestTopic()
                .setName(topic).setPartitionIndexes(ids)));
        IntFunction<ApiMessage> requestAt = version -> new OffsetFetchRequest().setGroupId(groupId).setTopics(topics)
                .setRequireStable(version >= 7); // v7+: wait for offsets of open transactions to settle
        return this.<OffsetFetchResponse>send(ApiKey.OFFSET_FETCH, requestAt, MAX_OFFSET_FETCH_VERSION, timeout)
                .thenApply(response -> {
                    checkError(response.errorCode(), "fetch committed offsets of group " + groupId);
                    Map<TopicPartition, Long> offsets = new HashMap<>();
                    for (OffsetFetchResponse.OffsetFetchResponseTopic topic : response.topics()) {
                        for (OffsetFetchResponse.OffsetFetchResponsePartition partition : topic.partitions()) {
                            TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                            checkError(partition.errorCode(), "fetch committed offset of " + tp + " for group "
                                    + groupId);
                            offsets.put(tp, partition.committedOffset());
                        }
                    }
                    return offsets;
                });
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
