package io.kafkago;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pieces shared by the group balancers: member order, partition lookup, balanced counts and the result shape. */
final class GroupAssignments {

    /**
     * The Java client's member order: static members (with a group instance id) first, by that
     * id; then dynamic members by member id. Balancers that share a protocol name with a Java
     * assignor must order members the same way to assign the same partitions.
     */
    static final Comparator<GroupMember> MEMBER_ORDER = (a, b) -> {
        if (a.groupInstanceId() != null && b.groupInstanceId() != null) {
            return a.groupInstanceId().compareTo(b.groupInstanceId());
        }
        if (a.groupInstanceId() != null) {
            return -1;
        }
        if (b.groupInstanceId() != null) {
            return 1;
        }
        return a.memberId().compareTo(b.memberId());
    };

    private GroupAssignments() {
    }

    /** Partitions grouped by topic (topics sorted), each topic's partitions sorted by id. */
    static TreeMap<String, List<Partition>> partitionsByTopic(List<Partition> partitions) {
        TreeMap<String, List<Partition>> byTopic = new TreeMap<>();
        for (Partition partition : partitions) {
            byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>()).add(partition);
        }
        byTopic.values().forEach(list -> list.sort(Comparator.comparingInt(Partition::id)));
        return byTopic;
    }

    /** Members subscribed to {@code topic}, in {@link #MEMBER_ORDER}. */
    static List<GroupMember> subscribers(List<GroupMember> members, String topic) {
        List<GroupMember> subscribers = new ArrayList<>();
        for (GroupMember member : members) {
            if (member.topics().contains(topic)) {
                subscribers.add(member);
            }
        }
        subscribers.sort(MEMBER_ORDER);
        return subscribers;
    }

    /** A mutable result holding every member with nothing assigned yet. */
    static Map<String, Map<String, List<Integer>>> empty(List<GroupMember> members) {
        Map<String, Map<String, List<Integer>>> result = new LinkedHashMap<>();
        for (GroupMember member : members) {
            result.put(member.memberId(), new TreeMap<>());
        }
        return result;
    }

    /** Adds one partition to a member's assignment. */
    static void add(Map<String, Map<String, List<Integer>>> result, String memberId, String topic, int partition) {
        result.get(memberId).computeIfAbsent(topic, t -> new ArrayList<>()).add(partition);
    }

    /**
     * How many partitions of one topic each subscriber may take so that counts stay balanced: every
     * member gets {@code partitions / members}, and the first {@code partitions % members} members
     * to pass that base take one more.
     */
    static final class BalancedCounts {
        private final int[] counts;
        private final int base;
        private int extrasLeft;

        BalancedCounts(int members, int partitions) {
            counts = new int[members];
            base = partitions / members;
            extrasLeft = partitions % members;
        }

        /** Partitions the member may still take: up to the base, plus one while extras are left. */
        int room(int member) {
            return Math.max(0, base + (extrasLeft > 0 ? 1 : 0) - counts[member]);
        }

        /** Whether the member has fewer than the base count. */
        boolean belowBase(int member) {
            return counts[member] < base;
        }

        /** Counts {@code taken} more partitions for the member, at most its {@link #room}. */
        void take(int member, int taken) {
            boolean wasWithinBase = counts[member] <= base;
            counts[member] += taken;
            if (wasWithinBase && counts[member] > base) {
                extrasLeft--;
            }
        }
    }

    /** The result with sorted partition lists, made unmodifiable all the way down. */
    static Map<String, Map<String, List<Integer>>> freeze(Map<String, Map<String, List<Integer>>> result) {
        Map<String, Map<String, List<Integer>>> frozen = new HashMap<>();
        result.forEach((member, topics) -> {
            Map<String, List<Integer>> frozenTopics = new TreeMap<>();
            topics.forEach((topic, ids) -> {
                List<Integer> sorted = new ArrayList<>(ids);
                Collections.sort(sorted);
                frozenTopics.put(topic, List.copyOf(sorted));
            });
            frozen.put(member, Collections.unmodifiableMap(frozenTopics));
        });
        return Collections.unmodifiableMap(frozen);
    }
}
