package io.kafkago;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code "range"} strategy, assigning exactly what the Java client's {@code RangeAssignor}
 * assigns. Each topic is split on its own: its partitions in id order form contiguous ranges,
 * one per subscribed member in the Java client's member order, the first
 * {@code partitions % members} members getting one extra. Equal partition ids of co-partitioned
 * topics therefore go to the same member, which is what joins of keyed streams need.
 *
 * <p>When members declare racks and partitions' replicas sit in only some racks, the Java
 * client's rack-aware variant (KIP-881) applies and is reproduced here: within the same counts,
 * members first take partitions with a replica in their own rack (for co-partitioned topics,
 * equal ids together), then the rest is dealt in ranges as above.
 */
public final class RangeGroupBalancer implements GroupBalancer {

    /** The protocol name: {@value}. */
    public static final String PROTOCOL_NAME = "range";

    @Override
    public String protocolName() {
        return PROTOCOL_NAME;
    }

    @Override
    public Map<String, Map<String, List<Integer>>> assignGroups(List<GroupMember> members, List<Partition> partitions) {
        Map<String, Map<String, List<Integer>>> result = GroupAssignments.empty(members);
        List<TopicRanges> topics = new ArrayList<>();
        GroupAssignments.partitionsByTopic(partitions).forEach((topic, topicPartitions) -> {
            List<GroupMember> subscribers = GroupAssignments.subscribers(members, topic);
            if (!subscribers.isEmpty()) {
                topics.add(new TopicRanges(topic, subscribers, topicPartitions, result));
            }
        });
        if (topics.stream().anyMatch(t -> t.rackAware)) {
            assignWithinRacks(topics);
        }
        topics.forEach(topic -> topic.assignRanges(false));
        return GroupAssignments.freeze(result);
    }

    /** The rack-matching pass: co-partitioned topics together, other rack-aware topics alone. */
    private static void assignWithinRacks(List<TopicRanges> topics) {
        Map<List<Object>, List<TopicRanges>> coPartitioned = new LinkedHashMap<>();
        for (TopicRanges topic : topics) {
            coPartitioned.computeIfAbsent(List.of(topic.memberIds, topic.memberRacks, topic.rackKnownCount), k -> new ArrayList<>())
                    .add(topic);
        }
        for (List<TopicRanges> group : coPartitioned.values()) {
            if (group.size() > 1) {
                assignCoPartitionedWithinRacks(group);
            } else if (group.get(0).rackAware) {
                group.get(0).assignRanges(true);
            }
        }
    }

    /** Gives equal partition ids of topics with the same members and partition count to one in-rack member. */
    private static void assignCoPartitionedWithinRacks(List<TopicRanges> group) {
        TopicRanges first = group.get(0);
        Set<Integer> remaining = new LinkedHashSet<>();
        for (int member = 0; member < first.memberIds.size(); member++) {
            remaining.add(member);
        }
        for (int index = 0; index < first.rackKnownCount && !remaining.isEmpty(); index++) {
            int partition = index;
            Integer chosen = remaining.stream()
                    .filter(member -> group.stream().allMatch(t -> t.racksMatch(member, partition) && t.maxAssignable(member) > 0))
                    .findFirst().orElse(null);
            if (chosen != null) {
                group.forEach(topic -> topic.assign(chosen, List.of(partition)));
                if (group.stream().noneMatch(topic -> topic.maxAssignable(chosen) > 0)) {
                    remaining.remove(chosen);
                }
            }
        }
    }

    /** One topic's assignment state: members in order, their racks, the partitions' replica racks and counts. */
    private static final class TopicRanges {
        private final String topic;
        private final List<String> memberIds = new ArrayList<>();
        private final List<String> memberRacks = new ArrayList<>();
        private final List<Partition> partitions;
        private final Map<String, Map<String, List<Integer>>> result;
        /** Replica racks per partition index; only computed when some member has a rack. */
        private final List<Set<String>> replicaRacks;
        /** Partition count when replica racks are known, else 0 (how co-partitioned topics are grouped). */
        private final int rackKnownCount;
        private final boolean rackAware;
        private final boolean[] assigned;
        private final GroupAssignments.BalancedCounts counts;
        private int unassigned;

        TopicRanges(String topic, List<GroupMember> members, List<Partition> partitions,
                    Map<String, Map<String, List<Integer>>> result) {
            this.topic = topic;
            this.partitions = partitions;
            this.result = result;
            Set<String> racksOfMembers = new HashSet<>();
            for (GroupMember member : members) {
                memberIds.add(member.memberId());
                String rack = member.rackId() == null || member.rackId().isEmpty() ? null : member.rackId();
                memberRacks.add(rack);
                if (rack != null) {
                    racksOfMembers.add(rack);
                }
            }
            Set<String> racksOfPartitions = new HashSet<>();
            replicaRacks = new ArrayList<>();
            if (!racksOfMembers.isEmpty()) {
                for (Partition partition : partitions) {
                    Set<String> racks = new HashSet<>();
                    partition.replicas().forEach(replica -> {
                        if (replica.rack() != null) {
                            racks.add(replica.rack());
                        }
                    });
                    replicaRacks.add(racks);
                    racksOfPartitions.addAll(racks);
                }
            }
            rackKnownCount = replicaRacks.size();
            rackAware = !racksOfMembers.isEmpty() && racksOfMembers.stream().anyMatch(racksOfPartitions::contains)
                    && !replicaRacks.stream().allMatch(racksOfPartitions::equals);
            assigned = new boolean[partitions.size()];
            counts = new GroupAssignments.BalancedCounts(members.size(), partitions.size());
            unassigned = partitions.size();
        }

        /** Whether the member has no rack or the partition has a replica in the member's rack. */
        boolean racksMatch(int member, int partition) {
            String rack = memberRacks.get(member);
            return rack == null || partition < replicaRacks.size() && replicaRacks.get(partition).contains(rack);
        }

        /** Partitions the member may still take without breaking the balanced counts. */
        int maxAssignable(int member) {
            return counts.room(member);
        }

        /** Each member in order takes the first unassigned partitions it may (in-rack ones only if asked). */
        void assignRanges(boolean inRackOnly) {
            for (int member = 0; member < memberIds.size() && unassigned > 0; member++) {
                int room = maxAssignable(member);
                List<Integer> taken = new ArrayList<>();
                for (int partition = 0; partition < partitions.size() && taken.size() < room; partition++) {
                    if (!assigned[partition] && (!inRackOnly || racksMatch(member, partition))) {
                        taken.add(partition);
                    }
                }
                if (!taken.isEmpty()) {
                    assign(member, taken);
                }
            }
        }

        void assign(int member, List<Integer> partitionIndexes) {
            counts.take(member, partitionIndexes.size());
            for (int index : partitionIndexes) {
                assigned[index] = true;
                unassigned--;
                GroupAssignments.add(result, memberIds.get(member), topic, partitions.get(index).id());
            }
        }
    }

    @Override
    public String toString() {
        return "RangeGroupBalancer";
    }
}
