package io.kafkago.network;

import io.kafkago.Broker;
import io.kafkago.KafkaBrokerException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.FindCoordinatorRequest;
import io.kafkago.protocol.message.FindCoordinatorResponse;
import io.kafkago.protocol.message.MetadataRequest;
import io.kafkago.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pool's view of the cluster: brokers, controller, and the partitions (leader, leader epoch,
 * replicas) of every topic asked about, plus group and transaction coordinators. Entries are kept
 * until a user reports them stale ({@link #invalidate}, typically after an error for which
 * {@link #isStaleMetadataError} is true); the next lookup then asks a broker again.
 */
public final class MetadataCache {

    /** Which coordinator FindCoordinator looks up (its {@code KeyType}). */
    public enum CoordinatorType {
        /** A consumer group's coordinator (key: group id). */
        GROUP((byte) 0),
        /** A transactional producer's coordinator (key: transactional id). */
        TRANSACTION((byte) 1);

        private final byte keyType;

        CoordinatorType(byte keyType) {
            this.keyType = keyType;
        }

        /** The wire value. */
        public byte keyType() {
            return keyType;
        }
    }

    private record CoordinatorKey(CoordinatorType type, String key) {
    }

    private static final Set<ErrorCode> STALE_METADATA_ERRORS = EnumSet.of(
            ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.LEADER_NOT_AVAILABLE,
            ErrorCode.FENCED_LEADER_EPOCH, ErrorCode.UNKNOWN_LEADER_EPOCH, ErrorCode.KAFKA_STORAGE_ERROR,
            ErrorCode.REPLICA_NOT_AVAILABLE, ErrorCode.NOT_CONTROLLER, ErrorCode.UNKNOWN_TOPIC_ID,
            ErrorCode.INCONSISTENT_TOPIC_ID, ErrorCode.OFFSET_NOT_AVAILABLE);

    private static final Set<ErrorCode> STALE_COORDINATOR_ERRORS = EnumSet.of(
            ErrorCode.NOT_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE);

    private final ConnectionPool pool;
    private final AtomicReference<ClusterMetadata> current = new AtomicReference<>(ClusterMetadata.EMPTY);
    private final Map<CoordinatorKey, Broker> coordinators = new ConcurrentHashMap<>();

    MetadataCache(ConnectionPool pool) {
        this.pool = pool;
    }

    /** True for errors that mean the cached leader or topic is out of date. */
    public static boolean isStaleMetadataError(ErrorCode error) {
        return STALE_METADATA_ERRORS.contains(error);
    }

    /** True for errors that mean the cached coordinator is out of date. */
    public static boolean isStaleCoordinatorError(ErrorCode error) {
        return STALE_COORDINATOR_ERRORS.contains(error);
    }

    /** What is known now, without asking a broker. */
    public ClusterMetadata current() {
        return current.get();
    }

    /**
     * Asks a broker for metadata and merges the answer into the cache.
     *
     * @param topics topics to describe; empty for brokers and controller only, null for every topic
     */
    public CompletableFuture<ClusterMetadata> refresh(Collection<String> topics) {
        return refresh(topics, false);
    }

    /** Like {@link #refresh(Collection)}, optionally letting the broker auto-create the topics. */
    public CompletableFuture<ClusterMetadata> refresh(Collection<String> topics, boolean allowAutoTopicCreation) {
        MetadataRequest request = request(topics, allowAutoTopicCreation);
        return ask(request, new HashSet<>()).thenApply(response -> {
            ClusterMetadata fresh = ClusterMetadata.of(response);
            return current.updateAndGet(known -> known.merge(fresh, topics == null));
        });
    }

    /**
     * Sends {@code request} to one broker and, when that fails (no answer in time, an answer that cannot be read,
     * a lost connection), to the next broker not tried yet, until one answers or none is left: one stalled or broken
     * broker must not keep the pool from learning where the leaders are. A connection that gave no answer in time is
     * closed. Fails with the last broker's error, or with an unreadable answer met before it.
     */
    private CompletableFuture<MetadataResponse> ask(MetadataRequest request, Set<BrokerAddress> tried) {
        return pool.anyConnection(tried).thenCompose(connection -> connection.<MetadataResponse>send(request)
                .exceptionallyCompose(error -> {
                    if (Failures.condemnsConnection(error)) {
                        connection.close();
                    }
                    if (!tried.add(connection.address())) {
                        return CompletableFuture.failedFuture(error);
                    }
                    // an unreadable answer says more than a later broker's failure to connect at all
                    return ask(request, tried).exceptionallyCompose(later -> CompletableFuture.failedFuture(
                            Failures.unreadable(error) != null && Failures.unreadable(later) == null ? error : later));
                }));
    }

    /**
     * A Metadata request for {@code topics}: empty for brokers and controller only, null for every topic.
     * Used by the cache and by single connections ({@code Conn}).
     */
    public static MetadataRequest request(Collection<String> topics, boolean allowAutoTopicCreation) {
        MetadataRequest request = new MetadataRequest().setAllowAutoTopicCreation(allowAutoTopicCreation);
        if (topics == null) {
            request.setTopics(null);
        } else {
            List<MetadataRequest.MetadataRequestTopic> wanted = new ArrayList<>(topics.size());
            for (String topic : topics) {
                wanted.add(new MetadataRequest.MetadataRequestTopic().setName(topic));
            }
            request.setTopics(wanted);
        }
        return request;
    }

    /**
     * A topic's metadata, from the cache when every partition has a leader, else from a broker.
     *
     * @return a future failing with {@link KafkaBrokerException} when the topic does not exist or
     *     has an error (LEADER_NOT_AVAILABLE right after creation is retriable)
     */
    public CompletableFuture<TopicMetadata> topic(String topic) {
        TopicMetadata cached = current.get().topics().get(topic);
        if (cached != null && usable(cached)) {
            return CompletableFuture.completedFuture(cached);
        }
        return refresh(List.of(topic)).thenApply(cluster -> {
            TopicMetadata fresh = cluster.topics().get(topic);
            if (fresh == null) {
                throw new KafkaBrokerException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "metadata for topic " + topic);
            }
            if (fresh.error() != ErrorCode.NONE) {
                throw new KafkaBrokerException(fresh.error(), "metadata for topic " + topic);
            }
            return fresh;
        });
    }

    private static boolean usable(TopicMetadata topic) {
        if (topic.error() != ErrorCode.NONE || topic.partitions().isEmpty()) {
            return false;
        }
        for (PartitionMetadata partition : topic.partitions()) {
            if (partition.leaderId() < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The partition's current metadata with its leader.
     *
     * @return a future failing with {@link KafkaBrokerException}: UNKNOWN_TOPIC_OR_PARTITION when the
     *     partition does not exist, LEADER_NOT_AVAILABLE when it has no leader right now
     */
    public CompletableFuture<PartitionMetadata> leader(String topic, int partition) {
        return topic(topic).thenApply(metadata -> {
            PartitionMetadata found = metadata.partition(partition);
            if (found == null) {
                throw new KafkaBrokerException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + partition
                        + " of topic " + topic + " (it has " + metadata.partitions().size() + ")");
            }
            if (found.leaderId() < 0) {
                throw new KafkaBrokerException(ErrorCode.LEADER_NOT_AVAILABLE, "partition " + partition + " of topic " + topic);
            }
            return found;
        });
    }

    /** Forgets what is known about {@code topic}. */
    public void invalidate(String topic) {
        current.updateAndGet(known -> known.without(topic));
    }

    /**
     * The coordinator for a group or transactional id, cached until {@link #invalidateCoordinator}.
     *
     * @return a future failing with {@link KafkaBrokerException} (e.g. COORDINATOR_NOT_AVAILABLE,
     *     retriable) when the broker cannot name one yet
     */
    public CompletableFuture<Broker> coordinator(CoordinatorType type, String key) {
        CoordinatorKey cacheKey = new CoordinatorKey(type, key);
        Broker cached = coordinators.get(cacheKey);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return pool.anyConnection().thenCompose(connection -> {
            short version = connection.negotiatedVersion(ApiKey.FIND_COORDINATOR);
            FindCoordinatorRequest request = new FindCoordinatorRequest().setKeyType(type.keyType());
            if (version >= 4) {
                request.setCoordinatorKeys(List.of(key));
            } else {
                request.setKey(key);
            }
            return connection.<FindCoordinatorResponse>send(request, version, connection.settings().requestTimeout())
                    .thenApply(response -> {
                        Broker broker = version >= 4 ? coordinatorOf(response.coordinators().get(0), type, key)
                                : checkedCoordinator(response.errorCode(), response.nodeId(), response.host(),
                                        response.port(), type, key);
                        coordinators.put(cacheKey, broker);
                        return broker;
                    });
        });
    }

    private static Broker coordinatorOf(FindCoordinatorResponse.Coordinator coordinator, CoordinatorType type, String key) {
        return checkedCoordinator(coordinator.errorCode(), coordinator.nodeId(), coordinator.host(), coordinator.port(),
                type, key);
    }

    private static Broker checkedCoordinator(short errorCode, int nodeId, String host, int port, CoordinatorType type,
                                             String key) {
        if (errorCode != 0) {
            throw new KafkaBrokerException(ErrorCode.forCode(errorCode), errorCode,
                    "finding the " + type.name().toLowerCase() + " coordinator for " + key);
        }
        return new Broker(nodeId, host, port, null);
    }

    /** Forgets a coordinator, e.g. after NOT_COORDINATOR. */
    public void invalidateCoordinator(CoordinatorType type, String key) {
        coordinators.remove(new CoordinatorKey(type, key));
    }
}
