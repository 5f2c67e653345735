package io.kafkago.internal.reader;

import io.kafkago.IsolationLevel;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Partition;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.internal.BoundedRetry;
import io.kafkago.network.BrokerAddress;
import io.kafkago.network.ConnectionPool;
import io.kafkago.network.ConnectionSettings;
import io.kafkago.network.Failures;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.PartitionMetadata;
import io.kafkago.network.TopicMetadata;
import io.kafkago.protocol.ApiKey;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.FetchRequest;
import io.kafkago.protocol.message.FetchResponse;
import io.kafkago.protocol.message.ListOffsetsRequest;
import io.kafkago.protocol.message.ListOffsetsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reader's view of the cluster: connections, metadata, and the few requests the reader
 * sends outside the group protocol (Fetch, ListOffsets).
 *
 * <p>It keeps two connection pools. Fetches, which the broker may hold for {@code maxWait},
 * travel on their own connections; ListOffsets, commits, heartbeats and the rest of the group
 * protocol use the other pool. A broker answers the requests of one connection in order, so
 * sharing one connection would make every commit and heartbeat wait behind an open fetch.
 */
public final class ReaderCluster implements AutoCloseable {

    /** A partition's leader broker and leader epoch as metadata last described them. */
    public record Leader(int nodeId, int epoch) {
    }

    private final ReaderConfig config;
    private final ConnectionPool fetchPool;
    private final ConnectionPool controlPool;
    private final BoundedRetry retry;
    private volatile boolean closed;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    /** When ({@code System.nanoTime()}) the last completed refresh of each topic's metadata was asked for. */
    private final Map<String, Long> refreshedAt = new ConcurrentHashMap<>();
    /**
     * Per topic, why its last metadata refresh failed when the application must hear of it: refused
     * (authentication, authorization) or answered with bytes that cannot be read; absent otherwise.
     */
    private final Map<String, KafkaException> refreshFailures = new ConcurrentHashMap<>();

    /**
     * Prepares (but does not open) connections to {@code config.brokers()}.
     *
     * @throws io.kafkago.KafkaConfigException if a broker address cannot be parsed
     */
    public ReaderCluster(ReaderConfig config) {
        this.config = config;
        ConnectionSettings dialed = ConnectionSettings.of(config.dialer());
        // a fetch answer may exceed maxBytes by a whole first batch: leave room for one of a broker's largest
        ConnectionSettings settings = dialed.withMaxResponseSize(
                Math.max(dialed.maxResponseSize(), config.maxBytes() + 1_048_576));
        List<BrokerAddress> bootstrap = config.brokers().stream().map(BrokerAddress::parse).toList();
        this.fetchPool = new ConnectionPool(settings, bootstrap);
        this.controlPool = new ConnectionPool(settings, bootstrap);
        this.retry = new BoundedRetry(config.operationTimeout(), new Backoff(config.readBackoffMin(),
                config.readBackoffMax()));
    }

    /** True for errors after which the partition's leader must be looked up again. */
    public static boolean isStaleMetadata(ErrorCode error) {
        return MetadataCache.isStaleMetadataError(error);
    }

    /** The pool for group coordination, commits and offset lookups. */
    public ConnectionPool controlPool() {
        return controlPool;
    }

    /**
     * The partition's leader from cached metadata, without waiting; null when not known yet, in
     * which case a refresh is started.
     */
    public Leader leader(TopicPartition partition) {
        TopicMetadata topic = fetchPool.metadata().current().topics().get(partition.topic());
        PartitionMetadata found = topic == null ? null : topic.partition(partition.partition());
        if (found == null || found.leaderId() < 0) {
            refreshSoon(partition.topic());
            return null;
        }
        return new Leader(found.leaderId(), found.leaderEpoch());
    }

    /**
     * Why {@link #leader} found no leader, judged only from metadata refreshed after
     * {@code sinceNanos} (older metadata may simply predate the partition): the topic's error
     * (TOPIC_AUTHORIZATION_FAILED, UNKNOWN_TOPIC_OR_PARTITION...), UNKNOWN_TOPIC_OR_PARTITION
     * when the topic has no such partition, or NONE when nothing fresh is known yet or a leader
     * is being elected (worth waiting for).
     */
    public ErrorCode missingLeaderReason(TopicPartition partition, long sinceNanos) {
        Long refreshed = refreshedAt.get(partition.topic());
        TopicMetadata topic = fetchPool.metadata().current().topics().get(partition.topic());
        if (topic == null || refreshed == null || refreshed - sinceNanos <= 0) {
            return ErrorCode.NONE;
        }
        if (topic.error() != ErrorCode.NONE) {
            return topic.error();
        }
        return topic.partition(partition.partition()) == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.NONE;
    }

    /**
     * Why the last metadata refresh of {@code topic} failed, when the brokers would not let the
     * client in (e.g. a {@link io.kafkago.KafkaAuthenticationException}) or their answer could not
     * be read ({@link io.kafkago.KafkaProtocolException}); null when it succeeded or failed for a
     * reason worth retrying quietly.
     */
    public KafkaException refreshFailure(String topic) {
        return refreshFailures.get(topic);
    }

    /** Starts a metadata refresh for {@code topic} unless one is running. */
    public void refreshSoon(String topic) {
        if (refreshing.add(topic)) {
            long askedAt = System.nanoTime();
            fetchPool.metadata().refresh(List.of(topic)).whenComplete((metadata, error) -> {
                if (error == null) {
                    refreshedAt.put(topic, askedAt);
                }
                KafkaException reported = error == null ? null : Failures.accessDenied(error);
                KafkaProtocolException unreadable = error == null ? null : Failures.unreadable(error);
                if (reported == null && unreadable != null) {
                    reported = new KafkaProtocolException("metadata of " + topic + " got an answer that cannot be"
                            + " read: " + unreadable.getMessage(), unreadable);
                }
                if (reported == null) {
                    refreshFailures.remove(topic);
                } else {
                    refreshFailures.put(topic, reported);
                }
                refreshing.remove(topic);
            });
        }
    }

    /** Forgets the topic's metadata (a leader moved or a broker went away) and refreshes it. */
    public void invalidate(String topic) {
        fetchPool.metadata().invalidate(topic);
        controlPool.metadata().invalidate(topic);
        refreshSoon(topic);
    }

    /**
     * Sends a Fetch to broker {@code nodeId} at the negotiated version, at most {@code maxVersion}.
     * The caller {@linkplain FetchReply#release() releases} the reply when done with its records.
     */
    CompletableFuture<FetchReply> fetch(int nodeId, FetchRequest request, short maxVersion, long timeoutNanos) {
        return fetchPool.connection(nodeId).thenCompose(connection -> {
            short version = (short) Math.min(maxVersion, connection.negotiatedVersion(ApiKey.FETCH));
            return connection.<FetchResponse>send(request, version, Duration.ofNanos(timeoutNanos))
                    .whenComplete((response, error) -> {
                        if (error != null && Failures.condemnsConnection(error)) {
                            connection.close(); // the next fetch from this broker opens a new one
                        }
                    })
                    .thenApply(response -> new FetchReply(response, connection));
        });
    }

    /**
     * Looks offsets up by timestamp ({@link ReaderConfig#LAST_OFFSET} = -1 for the end,
     * {@link ReaderConfig#FIRST_OFFSET} = -2 for the start), one ListOffsets request per leader.
     *
     * @return offsets per partition (-1 when no message has a timestamp at or after the one
     *         given); fails if any partition failed
     */
    public CompletableFuture<Map<TopicPartition, Long>> listOffsets(Map<TopicPartition, Long> timestamps,
                                                                   IsolationLevel isolation) {
        MetadataCache metadata = controlPool.metadata();
        Map<TopicPartition, CompletableFuture<PartitionMetadata>> leaders = new LinkedHashMap<>();
        timestamps.keySet().forEach(tp -> leaders.put(tp, metadata.leader(tp.topic(), tp.partition())));
        return CompletableFuture.allOf(leaders.values().toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            Map<Integer, Map<TopicPartition, PartitionMetadata>> byLeader = new HashMap<>();
            leaders.forEach((tp, future) -> {
                PartitionMetadata partition = future.join();
                byLeader.computeIfAbsent(partition.leaderId(), id -> new LinkedHashMap<>()).put(tp, partition);
            });
            List<CompletableFuture<Map<TopicPartition, Long>>> requests = new ArrayList<>();
            byLeader.forEach((leaderId, partitions) ->
                    requests.add(listOffsetsAt(leaderId, partitions, timestamps, isolation)));
            return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).thenApply(done -> {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                requests.forEach(request -> offsets.putAll(request.join()));
                return offsets;
            });
        });
    }

    private CompletableFuture<Map<TopicPartition, Long>> listOffsetsAt(int leaderId,
            Map<TopicPartition, PartitionMetadata> partitions, Map<TopicPartition, Long> timestamps,
            IsolationLevel isolation) {
        Map<String, List<ListOffsetsRequest.ListOffsetsPartition>> byTopic = new LinkedHashMap<>();
        partitions.forEach((tp, metadata) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new ListOffsetsRequest.ListOffsetsPartition()
                        .setPartitionIndex(tp.partition())
                        .setCurrentLeaderEpoch(metadata.leaderEpoch())
                        .setTimestamp(timestamps.get(tp))));
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, list) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic().setName(topic)
                .setPartitions(list)));
        ListOffsetsRequest request = new ListOffsetsRequest()
                .setReplicaId(-1)
                .setIsolationLevel(isolation.id())
                .setTopics(topics)
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, config.dialer().requestTimeout().toMillis()));
        return controlPool.connection(leaderId)
                .thenCompose(connection -> connection.<ListOffsetsResponse>send(request))
                .thenApply(response -> {
                    Map<TopicPartition, Long> offsets = new HashMap<>();
                    for (ListOffsetsResponse.ListOffsetsTopicResponse topic : response.topics()) {
                        for (ListOffsetsResponse.ListOffsetsPartitionResponse partition : topic.partitions()) {
                            TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                            ErrorCode error = ErrorCode.forCode(partition.errorCode());
                            if (error != ErrorCode.NONE) {
                                if (isStaleMetadata(error)) {
                                    invalidate(tp.topic());
                                }
                                throw new KafkaBrokerException(error, partition.errorCode(), "list offsets of " + tp);
                            }
                            offsets.put(tp, partition.offset());
                        }
                    }
                    return offsets;
                });
    }

    /**
     * {@link #listOffsets} for one partition, waiting for the answer and retrying retriable
     * failures (a leader moving, a broker unreachable) for up to {@code operationTimeout}.
     *
     * @throws KafkaException when the lookup fails for good, times out or is interrupted
     */
    public long offsetForTime(TopicPartition partition, long timestamp, IsolationLevel isolation) {
        String what = "listing offsets of " + partition;
        // each attempt is bounded by the connections' request timeout
        return BoundedRetry.await(retry.run(what, timeLeft -> offsetOf(partition, timestamp, isolation),
                failure -> worthRetrying(partition, failure)), what);
    }

    private CompletableFuture<Long> offsetOf(TopicPartition partition, long timestamp, IsolationLevel isolation) {
        return listOffsets(Map.of(partition, timestamp), isolation).thenApply(offsets -> {
            Long offset = offsets.get(partition);
            if (offset == null) {
                throw new KafkaBrokerException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "list offsets of " + partition);
            }
            return offset;
        });
    }

    /** Whether a failed offset lookup may succeed when sent again, after the metadata refresh this starts. */
    private boolean worthRetrying(TopicPartition partition, Throwable failure) {
        boolean retriable = !closed && (failure instanceof KafkaBrokerException broker ? broker.retriable()
                : failure instanceof KafkaConnectionException || failure instanceof KafkaTimeoutException);
        if (retriable) {
            invalidate(partition.topic());
        }
        return retriable;
    }

    /** Whether {@link #close()} was called: requests fail from then on, and retrying them is pointless. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Every partition of the topics, from metadata refreshed now; topics that do not exist are
     * left out.
     */
    public CompletableFuture<List<Partition>> partitions(Collection<String> topics) {
        return controlPool.metadata().refresh(topics).thenApply(cluster -> {
            List<Partition> partitions = new ArrayList<>();
            for (String topic : topics) {
                TopicMetadata metadata = cluster.topics().get(topic);
                if (metadata != null && metadata.error() == ErrorCode.NONE) {
                    partitions.addAll(cluster.toPartitions(metadata));
                }
            }
            return partitions;
        });
    }

    /** Closes every connection; requests in flight fail at once. */
    @Override
    public void close() {
        closed = true;
        try {
            fetchPool.close();
        } finally {
            controlPool.close();
        }
    }
}
