package io.kafkago.internal.group;

import io.kafkago.GroupBalancer;
import io.kafkago.GroupMember;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.Partition;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.reader.ReaderCluster;
import io.kafkago.internal.Backoff;
import io.kafkago.network.BrokerConnection;
import io.kafkago.protocol.ApiKey;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.JoinGroupRequest;
import io.kafkago.protocol.message.JoinGroupResponse;
import io.kafkago.protocol.message.LeaveGroupRequest;
import io.kafkago.protocol.message.LeaveGroupResponse;
import io.kafkago.protocol.message.SyncGroupRequest;
import io.kafkago.protocol.message.SyncGroupResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JoinGroup / SyncGroup / LeaveGroup exchanges of one member, on the group thread. It keeps
 * the member id across generations (and learns it from MEMBER_ID_REQUIRED, KIP-394), computes
 * the assignment with the chosen {@link GroupBalancer} when this member is the leader, and
 * remembers the partition counts it assigned so the leader notices new partitions.
 */
final class GroupJoiner {

    private static final Logger log = LoggerFactory.getLogger(GroupJoiner.class);

    private final ReaderConfig config;
    private final ReaderCluster cluster;
    private final CoordinatorClient coordinator;
    private final Backoff backoff;
    private String memberId = "";
    private int lastGenerationId = -1;
    private boolean leader;
    /** Topics some member subscribed to when the leader last assigned (leader only). */
    private Set<String> subscribedTopics = Set.of();
    /** Partition count per subscribed topic when the leader last assigned (leader only). */
    private Map<String, Integer> assignedPartitionCounts = Map.of();

    GroupJoiner(ReaderConfig config, ReaderCluster cluster, CoordinatorClient coordinator) {
        this.config = config;
        this.cluster = cluster;
        this.coordinator = coordinator;
        this.backoff = new Backoff(config.readBackoffMin(), config.readBackoffMax());
    }

    /** Whether this member led the last generation it joined. */
    boolean isLeader() {
        return leader;
    }

    /** Forgets the member id after the coordinator said it no longer knows it. */
    void forget(ErrorCode error) {
        if (error == ErrorCode.UNKNOWN_MEMBER_ID) {
            memberId = "";
        }
    }

    /**
     * Joins (again) and syncs, retrying coordinator moves, MEMBER_ID_REQUIRED and rebalances that
     * restart during the exchange.
     *
     * @param owned partitions owned in the previous generation (sent in the subscription)
     * @return the new generation
     * @throws KafkaException when the coordinator keeps failing or refuses the member
     */
    Generation joinAndSync(Set<TopicPartition> owned) {
        for (int attempt = 1; ; attempt++) {
            ErrorCode error;
            try {
                JoinGroupResponse joined = join(owned);
                error = ErrorCode.forCode(joined.errorCode());
                if (error == ErrorCode.NONE) {
                    memberId = joined.memberId();
                    leader = memberId.equals(joined.leader());
                    byte[] assignment = sync(joined);
                    return new Generation(joined.generationId(), memberId, config.groupInstanceId(),
                            ConsumerProtocolCodec.decodeAssignment(assignment));
                }
                if (error == ErrorCode.MEMBER_ID_REQUIRED) {
                    memberId = joined.memberId();
                    continue; // join again at once with the id the coordinator gave us
                }
            } catch (KafkaBrokerException e) {
                error = e.errorCode();
                if (!isRetriableJoinError(error)) {
                    throw e;
                }
            }
            if (!owned.isEmpty() && (error == ErrorCode.UNKNOWN_MEMBER_ID || error == ErrorCode.ILLEGAL_GENERATION
                    || error == ErrorCode.FENCED_INSTANCE_ID)) {
                if (error == ErrorCode.UNKNOWN_MEMBER_ID) {
                    memberId = "";
                }
                throw new MembershipLostException("member " + memberId + " was removed from the group (" + error
                        + ") while it still owned " + owned);
            }
            if (error == ErrorCode.UNKNOWN_MEMBER_ID) {
                memberId = "";
            } else if (CoordinatorClient.isCoordinatorError(error)) {
                coordinator.forgetCoordinator();
            } else if (!isRetriableJoinError(error)) {
                throw new KafkaBrokerException(error, "join group " + config.groupId());
            }
            log.debug("group {}: join attempt {} got {}, retrying", config.groupId(), attempt, error);
            Backoff.sleep(backoff.delayNanos(attempt), "joining group " + config.groupId());
        }
    }

    /**
     * A cooperative member that still owned partitions learned, while rejoining, that the coordinator had removed it:
     * the partitions may be another member's already, so it must give them up without committing and join afresh.
     */
    static final class MembershipLostException extends KafkaException {

        private static final long serialVersionUID = 1L;

        MembershipLostException(String message) {
            super(message);
        }
    }

    private static boolean isRetriableJoinError(ErrorCode error) {
        return error.retriable() || CoordinatorClient.isCoordinatorError(error) || error == ErrorCode.UNKNOWN_MEMBER_ID
                || error == ErrorCode.ILLEGAL_GENERATION || error == ErrorCode.REBALANCE_IN_PROGRESS;
    }

    private JoinGroupResponse join(Set<TopicPartition> owned) {
        List<TopicPartition> ownedList = List.copyOf(owned);
        List<JoinGroupRequest.JoinGroupRequestProtocol> protocols = new ArrayList<>();
        for (GroupBalancer balancer : config.groupBalancers()) {
            protocols.add(new JoinGroupRequest.JoinGroupRequestProtocol()
                    .setName(balancer.protocolName())
                    .setMetadata(ConsumerProtocolCodec.encodeSubscription(config.topics(), balancer.userData(),
                            ownedList, lastGenerationId, config.rackId())));
        }
        JoinGroupRequest request = new JoinGroupRequest()
                .setGroupId(config.groupId())
                .setSessionTimeoutMs(millis(config.sessionTimeout()))
                .setRebalanceTimeoutMs(millis(config.rebalanceTimeout()))
                .setMemberId(memberId)
                .setGroupInstanceId(config.groupInstanceId())
                .setProtocolType(ConsumerProtocolCodec.PROTOCOL_TYPE)
                .setProtocols(protocols);
        Duration timeout = config.rebalanceTimeout().plus(config.dialer().requestTimeout());
        return coordinator.call(request, (short) -1, timeout, "joining group " + config.groupId());
    }

    private byte[] sync(JoinGroupResponse joined) {
        List<SyncGroupRequest.SyncGroupRequestAssignment> assignments = leader ? assign(joined) : List.of();
        SyncGroupRequest request = new SyncGroupRequest()
                .setGroupId(config.groupId())
                .setGenerationId(joined.generationId())
                .setMemberId(memberId)
                .setGroupInstanceId(config.groupInstanceId())
                .setProtocolType(ConsumerProtocolCodec.PROTOCOL_TYPE)
                .setProtocolName(joined.protocolName())
                .setAssignments(assignments);
        Duration timeout = config.rebalanceTimeout().plus(config.dialer().requestTimeout());
        SyncGroupResponse response = coordinator.call(request, (short) -1, timeout, "syncing group " + config.groupId());
        coordinator.checkError(response.errorCode(), "sync group " + config.groupId());
        lastGenerationId = joined.generationId();
        return response.assignment();
    }

    /** Leader only: runs the chosen balancer over every member's subscription. */
    private List<SyncGroupRequest.SyncGroupRequestAssignment> assign(JoinGroupResponse joined) {
        GroupBalancer balancer = config.groupBalancers().stream()
                .filter(candidate -> candidate.protocolName().equals(joined.protocolName()))
                .findFirst()
                .orElseThrow(() -> new KafkaException("group " + config.groupId() + " chose protocol '"
                        + joined.protocolName() + "', which this reader did not offer"));
        List<GroupMember> members = new ArrayList<>();
        Set<String> topics = new LinkedHashSet<>();
        for (JoinGroupResponse.JoinGroupResponseMember member : joined.members()) {
            GroupMember decoded = ConsumerProtocolCodec.decodeSubscription(member.memberId(), member.groupInstanceId(),
                    member.metadata());
            members.add(decoded);
            topics.addAll(decoded.topics());
        }
        List<Partition> partitions = partitionsOf(topics);
        subscribedTopics = Set.copyOf(topics);
        assignedPartitionCounts = countByTopic(partitions);
        Map<String, Map<String, List<Integer>>> plan = balancer.assignGroups(members, partitions);
        List<SyncGroupRequest.SyncGroupRequestAssignment> assignments = new ArrayList<>(members.size());
        for (GroupMember member : members) {
            Map<String, List<Integer>> own = plan.getOrDefault(member.memberId(), Map.of());
            assignments.add(new SyncGroupRequest.SyncGroupRequestAssignment()
                    .setMemberId(member.memberId())
                    .setAssignment(ConsumerProtocolCodec.encodeAssignment(own)));
        }
        log.info("group {}: leader {} assigned {} partitions of {} to {} members with '{}'", config.groupId(),
                memberId, partitions.size(), topics, members.size(), balancer.protocolName());
        return assignments;
    }

    /** Leader only: whether the subscribed topics now have other partition counts than at the last assignment. */
    boolean partitionsChanged() {
        try {
            return !countByTopic(partitionsOf(subscribedTopics)).equals(assignedPartitionCounts);
        } catch (KafkaInterruptedException e) {
            throw e;
        } catch (KafkaException e) {
            log.debug("group {}: partition watch failed: {}", config.groupId(), e.toString());
            return false;
        }
    }

    /** Sends LeaveGroup for a dynamic member that joined; static members stay (KIP-345). Never throws. */
    void leave() {
        if (memberId.isEmpty() || config.groupInstanceId() != null) {
            return;
        }
        try {
            LeaveGroupRequest request = new LeaveGroupRequest().setGroupId(config.groupId());
            if (coordinator.negotiatedVersion(ApiKey.LEAVE_GROUP, config.dialer().requestTimeout()) >= 3) {
                request.setMembers(List.of(new LeaveGroupRequest.MemberIdentity().setMemberId(memberId)
                        .setReason("the reader was closed")));
            } else {
                request.setMemberId(memberId);
            }
            LeaveGroupResponse response = coordinator.call(request, (short) -1, config.dialer().requestTimeout(),
                    "leaving group " + config.groupId());
            ErrorCode error = ErrorCode.forCode(response.errorCode());
            log.info("group {}: member {} left ({})", config.groupId(), memberId, error);
        } catch (KafkaException e) {
            log.warn("group {}: leaving failed, the coordinator will drop the member after its session: {}",
                    config.groupId(), e.toString());
        }
        memberId = "";
    }

    private List<Partition> partitionsOf(Collection<String> topics) {
        return BrokerConnection.await(cluster.partitions(topics), config.dialer().requestTimeout().toNanos(),
                "reading partitions of " + topics);
    }

    private static Map<String, Integer> countByTopic(List<Partition> partitions) {
        Map<String, Integer> counts = new TreeMap<>();
        partitions.forEach(partition -> counts.merge(partition.topic(), 1, Integer::sum));
        return counts;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
