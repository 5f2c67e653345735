package io.kafkago.internal.group;

import io.kafkago.ErrorCode;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.UnsupportedVersionException;
import io.kafkago.internal.reader.Fetcher;
import io.kafkago.internal.reader.ReaderCluster;
import io.kafkago.internal.reader.ReaderMetrics;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ClusterMetadata;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.TopicMetadata;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.MessageSupport;
import io.kafkago.protocol.message.ConsumerGroupHeartbeatRequest;
import io.kafkago.protocol.message.ConsumerGroupHeartbeatResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Reader's membership in a consumer group with the consumer protocol of KIP-848, run by one thread per reader.
 *
 * <p>There is no join barrier: the member heartbeats (ConsumerGroupHeartbeat) with its subscription and the
 * partitions it owns, and the coordinator answers with the member's epoch and, when it changed, the assignment the
 * member should own. The member reconciles one step at a time: partitions taken away are revoked first (fetching
 * stops, pending commits are flushed, the revoke listener runs) and acknowledged in the next heartbeat, sent at once;
 * partitions added start from their committed offsets; the partitions it keeps are fetched on without a pause, their
 * queued messages and commits intact. Every epoch the coordinator gives opens a {@link Generation} whose ids the
 * commits carry ({@link CommitLedger#advance}).
 *
 * <p>Fenced (FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID, or no heartbeat acknowledged for a whole session), the member
 * loses its partitions without committing (another member may own them already) and joins again with epoch 0.
 * Closing flushes commits and leaves with epoch -1, or -2 for a static member, whose partitions then wait for it.
 */
public final class ConsumerProtocolMembership extends MemberThread {

    private static final Logger log = LoggerFactory.getLogger(ConsumerProtocolMembership.class);
    /** Member epoch that joins (or rejoins after fencing). */
    private static final int JOIN_EPOCH = 0;
    /** Member epoch that leaves the group. */
    private static final int LEAVE_EPOCH = -1;
    /** Member epoch with which a static member leaves, keeping its partitions for its return. */
    private static final int STATIC_LEAVE_EPOCH = -2;

    private final ReaderCluster cluster;
    private final String memberId = newMemberId();
    private volatile Set<TopicPartition> owned = Set.of();

    // State below is touched by the member thread only (and by close once it has stopped).
    private int memberEpoch = JOIN_EPOCH;
    private long heartbeatIntervalNanos;
    /** The assignment the coordinator asked for last, by topic id, until every topic id is resolved to a name. */
    private Map<UUID, List<Integer>> target;
    private final Map<UUID, String> topicNames = new HashMap<>();
    /** Heartbeats in a row after which some assigned topic id still had no name. */
    private int unresolvedRounds;

    /**
     * @param config        reader settings (group id, subscription, instance and rack ids, listeners)
     * @param cluster       connections and metadata
     * @param fetcher       the fetch loop to point at the member's partitions
     * @param ledger        commit bookkeeping shared with the reader
     * @param metrics       counters
     * @param reportFailure hands an error the application must see to the next read
     */
    public ConsumerProtocolMembership(ReaderConfig config, ReaderCluster cluster, Fetcher fetcher,
                                      CommitLedger ledger, ReaderMetrics metrics,
                                      Consumer<RuntimeException> reportFailure) {
        super(config, cluster, fetcher, ledger, metrics, reportFailure, false);
        this.cluster = cluster;
        this.heartbeatIntervalNanos = config.heartbeatInterval().toNanos();
    }

    @Override
    public Set<TopicPartition> assignment() {
        return owned;
    }

    @Override
    void run() {
        long commitInterval = config.commitInterval().toNanos();
        long nextCommit = commitInterval > 0 ? System.nanoTime() + commitInterval : Long.MAX_VALUE;
        long lastAck = System.nanoTime();
        int failures = 0;
        try {
            while (!closed) {
                woken = false;
                long delay;
                try {
                    boolean changed = heartbeat();
                    lastAck = System.nanoTime();
                    failures = 0;
                    // a change is acknowledged at once; topic ids not resolved yet are looked up again, backing off
                    unresolvedRounds = target == null ? 0 : unresolvedRounds + 1;
                    delay = changed ? 0 : target != null
                            ? Math.min(heartbeatIntervalNanos, backoff.delayNanos(unresolvedRounds))
                            : heartbeatIntervalNanos;
                } catch (KafkaInterruptedException e) {
                    throw e;
                } catch (KafkaException e) {
                    if (closed) {
                        break;
                    }
                    failures++;
                    metrics.recordError();
                    delay = handleFailure(e, failures, lastAck);
                } catch (RuntimeException e) { // a bug must not end the membership while fetching goes on
                    if (closed) {
                        break;
                    }
                    failures++;
                    metrics.recordError();
                    log.error("group {}: unexpected error, giving the partitions up and joining again",
                            config.groupId(), e);
                    reportFailure.accept(new KafkaException("group " + config.groupId() + ": " + e, e));
                    lose();
                    delay = backoff.delayNanos(failures);
                }
                long now = System.nanoTime();
                if (now - nextCommit >= 0) {
                    committer.flushStash();
                    nextCommit = now + commitInterval;
                }
                if (!pause(Math.min(delay, nextCommit - System.nanoTime()))) {
                    break;
                }
            }
        } catch (KafkaInterruptedException e) {
            // close() interrupts this thread
        }
    }

    /**
     * One heartbeat and what its answer asks for.
     *
     * @return whether the owned partitions changed (the coordinator hears of it in a heartbeat sent at once)
     */
    private boolean heartbeat() {
        ConsumerGroupHeartbeatResponse response = send(memberEpoch);
        ErrorCode error = ErrorCode.forCode(response.errorCode());
        if (error != ErrorCode.NONE) {
            if (CoordinatorClient.isCoordinatorError(error)) {
                coordinator.forgetCoordinator();
            }
            throw new KafkaBrokerException(error, response.errorCode(), "heartbeat of member " + memberId
                    + " in group " + config.groupId() + describe(response.errorMessage()));
        }
        boolean joined = memberEpoch == JOIN_EPOCH;
        memberEpoch = response.memberEpoch();
        if (response.heartbeatIntervalMs() > 0) {
            heartbeatIntervalNanos = TimeUnit.MILLISECONDS.toNanos(response.heartbeatIntervalMs());
        }
        if (joined) {
            log.info("group {}: member {} joined with epoch {} (consumer protocol)", config.groupId(), memberId,
                    memberEpoch);
        }
        if (response.assignment() != null) {
            Map<UUID, List<Integer>> next = new HashMap<>();
            response.assignment().topicPartitions().forEach(tp -> next.put(tp.topicId(), List.copyOf(tp.partitions())));
            target = next;
        }
        return reconcile();
    }

    private ConsumerGroupHeartbeatResponse send(int epoch) {
        boolean leaving = epoch < 0;
        ConsumerGroupHeartbeatRequest request = new ConsumerGroupHeartbeatRequest()
                .setGroupId(config.groupId())
                .setMemberId(memberId)
                .setMemberEpoch(epoch)
                .setInstanceId(config.groupInstanceId())
                .setRackId(leaving ? null : config.rackId())
                .setRebalanceTimeoutMs(leaving ? -1 : millis(config.rebalanceTimeout()))
                .setServerAssignor(leaving ? null : config.groupRemoteAssignor())
                .setTopicPartitions(leaving ? null : ownedByTopicId());
        if (!leaving) {
            if (config.groupTopicPattern() != null) {
                request.setSubscribedTopicRegex(config.groupTopicPattern());
            } else {
                request.setSubscribedTopicNames(config.topics());
            }
        }
        requireHeartbeatVersion1();
        return coordinator.call(request, (short) -1, config.dialer().requestTimeout(), "heartbeat of group "
                + config.groupId());
    }

    /**
     * Version 1 (Kafka 4.0, the protocol's general availability) is the one this member speaks: member ids made by
     * the client, regular expressions; version 0 was an early-access preview.
     */
    private void requireHeartbeatVersion1() {
        short version;
        try {
            version = coordinator.negotiatedVersion(ApiKey.CONSUMER_GROUP_HEARTBEAT, config.dialer().requestTimeout());
        } catch (UnsupportedVersionException e) {
            throw unsupported(e.getMessage());
        }
        if (version < 1) {
            throw unsupported("the coordinator offers only ConsumerGroupHeartbeat version 0, an early-access preview");
        }
    }

    /** The partitions owned, as the heartbeat reports them; topics whose id is unknown cannot be owned. */
    private List<ConsumerGroupHeartbeatRequest.TopicPartitions> ownedByTopicId() {
        Map<String, UUID> ids = new HashMap<>();
        topicNames.forEach((id, name) -> ids.put(name, id));
        Map<UUID, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : owned) {
            byTopic.computeIfAbsent(ids.get(tp.topic()), id -> new ArrayList<>()).add(tp.partition());
        }
        List<ConsumerGroupHeartbeatRequest.TopicPartitions> result = new ArrayList<>(byTopic.size());
        byTopic.forEach((id, partitions) -> result.add(new ConsumerGroupHeartbeatRequest.TopicPartitions()
                .setTopicId(id).setPartitions(partitions.stream().sorted().toList())));
        return result;
    }

    /**
     * Moves the owned partitions one step towards the target: revokes what the target leaves out, then adds what it
     * gives once every topic id is known, and opens a generation for the epoch either way.
     *
     * @return whether the owned partitions changed
     */
    private boolean reconcile() {
        Set<TopicPartition> wanted = target == null ? owned : resolve(target);
        boolean complete = wanted != null;
        if (wanted == null) {
            wanted = resolvedPart(target);
        }
        Set<TopicPartition> before = owned;
        steps.moveTo(before, generation(wanted), now -> owned = now);
        if (complete) {
            target = null;
        }
        return !owned.equals(before);
    }

    private Generation generation(Set<TopicPartition> partitions) {
        return new Generation(memberEpoch, memberId, config.groupInstanceId(), List.copyOf(partitions));
    }

    /** The target's partitions by name, or null while a topic id is unknown even after a metadata refresh. */
    private Set<TopicPartition> resolve(Map<UUID, List<Integer>> assignment) {
        if (!topicNames.keySet().containsAll(assignment.keySet())) {
            learnTopicNames(assignment.keySet());
        }
        if (!topicNames.keySet().containsAll(assignment.keySet())) {
            return null;
        }
        return resolvedPart(assignment);
    }

    /** The target's partitions of the topics whose names are known (the member owns none of the others). */
    private Set<TopicPartition> resolvedPart(Map<UUID, List<Integer>> assignment) {
        Set<TopicPartition> partitions = new HashSet<>();
        assignment.forEach((id, ids) -> {
            String name = topicNames.get(id);
            if (name != null) {
                ids.forEach(partition -> partitions.add(new TopicPartition(name, partition)));
            }
        });
        return partitions;
    }

    private void learnTopicNames(Set<UUID> wanted) {
        MetadataCache metadata = cluster.controlPool().metadata();
        remember(metadata.current());
        if (topicNames.keySet().containsAll(wanted)) {
            return;
        }
        List<String> subscribed = config.groupTopicPattern() == null ? config.topics() : null; // null: every topic
        try {
            remember(BrokerConnection.await(metadata.refresh(subscribed), config.dialer().requestTimeout().toNanos(),
                    "reading topic ids for group " + config.groupId()));
        } catch (KafkaInterruptedException e) {
            throw e;
        } catch (KafkaException e) {
            log.debug("group {}: topic ids unresolved, retrying: {}", config.groupId(), e.toString());
        }
    }

    private void remember(ClusterMetadata metadata) {
        for (TopicMetadata topic : metadata.topics().values()) {
            if (topic.error() == ErrorCode.NONE && topic.topicId() != null
                    && !MessageSupport.ZERO_UUID.equals(topic.topicId())) {
                topicNames.put(topic.topicId(), topic.name());
            }
        }
    }

    /**
     * What a failed heartbeat means: fenced members lose their partitions and join again at once; errors no retry
     * fixes reach the application and are retried after {@code joinGroupBackoff}; the rest after a back-off.
     *
     * @return how long to wait before the next heartbeat
     */
    private long handleFailure(KafkaException failure, int failures, long lastAckNanos) {
        ErrorCode error = failure instanceof KafkaBrokerException broker ? broker.errorCode() : ErrorCode.NONE;
        if (error == ErrorCode.FENCED_MEMBER_EPOCH || error == ErrorCode.UNKNOWN_MEMBER_ID) {
            log.info("group {}: member {} fenced at epoch {} ({}), rejoining", config.groupId(), memberId,
                    memberEpoch, error);
            lose();
            return 0;
        }
        if (!owned.isEmpty() && System.nanoTime() - lastAckNanos > config.sessionTimeout().toNanos()) {
            log.warn("group {}: no heartbeat acknowledged for a whole session, rejoining", config.groupId());
            lose();
        }
        if (error == ErrorCode.UNSUPPORTED_VERSION) {
            failure = unsupported(failure.getMessage());
        }
        boolean report = failure instanceof UnsupportedVersionException || GroupCommitter.mustBeReported(failure)
                && error != ErrorCode.UNRELEASED_INSTANCE_ID;
        log.warn("group {}: heartbeat failed (attempt {}): {}", config.groupId(), failures, failure.toString());
        if (report) {
            reportFailure.accept(failure);
            return config.joinGroupBackoff().toNanos();
        }
        return backoff.delayNanos(failures);
    }

    /** Gives every partition up without committing: the coordinator may have handed them on already. */
    private void lose() {
        Set<TopicPartition> lost = owned;
        owned = Set.of();
        memberEpoch = JOIN_EPOCH;
        target = null;
        steps.end(lost, false);
    }

    private UnsupportedVersionException unsupported(String detail) {
        return new UnsupportedVersionException("group " + config.groupId() + ": the coordinator does not offer the"
                + " consumer group protocol (KIP-848, Kafka 4.0+, with 'consumer' in group.coordinator.rebalance.protocols);"
                + " set ReaderConfig.groupProtocol(GroupProtocol.CLASSIC) (kafkago.reader.group-protocol=classic): "
                + detail);
    }

    /** Flushes commits, gives the partitions up and leaves (epoch -1; -2 for a static member). */
    @Override
    void leave() {
        Set<TopicPartition> revoked = owned;
        owned = Set.of();
        steps.end(revoked, true);
        if (memberEpoch == JOIN_EPOCH) {
            return; // never joined, or fenced: nothing to leave
        }
        int epoch = config.groupInstanceId() != null ? STATIC_LEAVE_EPOCH : LEAVE_EPOCH;
        try {
            ConsumerGroupHeartbeatResponse response = send(epoch);
            log.info("group {}: member {} left ({})", config.groupId(), memberId,
                    ErrorCode.forCode(response.errorCode()));
        } catch (KafkaException e) {
            log.warn("group {}: leaving failed, the coordinator will drop the member after its session: {}",
                    config.groupId(), e.toString());
        }
        memberEpoch = JOIN_EPOCH;
    }

    private static String describe(String message) {
        return message == null || message.isEmpty() ? "" : ": " + message;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    /** A member id as kafka-clients makes them: a random UUID, base64url without padding. */
    private static String newMemberId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
