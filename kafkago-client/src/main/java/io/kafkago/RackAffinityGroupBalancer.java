package io.kafkago;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The {@code "rack-affinity"} strategy (kafka-go's name): prefers giving each member partitions
 * whose leader is in the member's rack, so fetches stay inside one data centre or availability
 * zone, while keeping counts balanced: per topic every subscribed member gets
 * {@code partitions / members} or one more. Partitions that cannot be placed in-rack without
 * unbalancing the counts go to members with room, in member order.
 *
 * <p>A member's rack is the rack id of its subscription, or else its user data as UTF-8 text,
 * which is how kafka-go members announce their rack; this balancer's {@link #userData()} carries
 * the rack given to the constructor for the same reason. A partition's rack is its leader's.
 */
public final class RackAffinityGroupBalancer implements GroupBalancer {

    /** The protocol name: {@value}. */
    public static final String PROTOCOL_NAME = "rack-affinity";

    private final String rack;

    /**
     * A balancer for a member in {@code rack}.
     *
     * @param rack this member's rack, sent as user data; null sends none (the subscription's
     *             rack id still counts)
     */
    public RackAffinityGroupBalancer(String rack) {
        this.rack = rack;
    }

    @Override
    public String protocolName() {
        return PROTOCOL_NAME;
    }

    /** The rack given to the constructor as UTF-8, or empty. */
    @Override
    public byte[] userData() {
        return rack == null ? new byte[0] : rack.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, Map<String, List<Integer>>> assignGroups(List<GroupMember> members, List<Partition> partitions) {
        Map<String, Map<String, List<Integer>>> result = GroupAssignments.empty(members);
        GroupAssignments.partitionsByTopic(partitions).forEach((topic, topicPartitions) -> {
            List<GroupMember> subscribers = GroupAssignments.subscribers(members, topic);
            if (!subscribers.isEmpty()) {
                new TopicPlacement(topic, subscribers, topicPartitions, result).place();
            }
        });
        return GroupAssignments.freeze(result);
    }

    /** The rack a member announced, or null. */
    static String memberRack(GroupMember member) {
        if (member.rackId() != null && !member.rackId().isEmpty()) {
            return member.rackId();
        }
        return member.userData().length == 0 ? null : new String(member.userData(), StandardCharsets.UTF_8);
    }

    /** Assignment of one topic's partitions among its subscribers. */
    private static final class TopicPlacement {
        private final String topic;
        private final List<GroupMember> members;
        private final List<Partition> partitions;
        private final Map<String, Map<String, List<Integer>>> result;
        private final GroupAssignments.BalancedCounts counts;
        private final boolean[] placed;

        TopicPlacement(String topic, List<GroupMember> members, List<Partition> partitions,
                       Map<String, Map<String, List<Integer>>> result) {
            this.topic = topic;
            this.members = members;
            this.partitions = partitions;
            this.result = result;
            this.counts = new GroupAssignments.BalancedCounts(members.size(), partitions.size());
            this.placed = new boolean[partitions.size()];
        }

        void place() {
            Map<String, List<Integer>> localPartitionsByRack = indexesByRack(partitions.size(), i -> partitionRack(partitions.get(i)));
            Map<String, List<Integer>> localMembersByRack = indexesByRack(members.size(), i -> memberRack(members.get(i)));
            localPartitionsByRack.forEach((rack, local) -> fillInRack(local, localMembersByRack.get(rack), false));
            localPartitionsByRack.forEach((rack, local) -> fillInRack(local, localMembersByRack.get(rack), true));
            placeRemaining();
        }

        /** Deals a rack's unplaced partitions round robin to its members while they have room (see {@link #hasRoom}). */
        private void fillInRack(List<Integer> localPartitions, List<Integer> localMembers, boolean mayTakeExtra) {
            if (localMembers == null) {
                return;
            }
            int turn = 0;
            for (int partition : localPartitions) {
                if (placed[partition]) {
                    continue;
                }
                int member = nextWithRoom(localMembers, turn, mayTakeExtra);
                if (member < 0) {
                    return;
                }
                assign(localMembers.get(member), partition);
                turn = member + 1;
            }
        }

        /** Index into {@code candidates} (from {@code start}, wrapping) of a member with room, or -1. */
        private int nextWithRoom(List<Integer> candidates, int start, boolean mayTakeExtra) {
            for (int step = 0; step < candidates.size(); step++) {
                int index = (start + step) % candidates.size();
                if (hasRoom(candidates.get(index), mayTakeExtra)) {
                    return index;
                }
            }
            return -1;
        }

        /** Whether a member may take another partition: below the base count, or (if allowed) one of the extras. */
        private boolean hasRoom(int member, boolean mayTakeExtra) {
            return mayTakeExtra ? counts.room(member) > 0 : counts.belowBase(member);
        }

        /** Fills every member to the base count, then hands out the remaining extras, in member order. */
        private void placeRemaining() {
            List<Integer> everyone = IntStream.range(0, members.size()).boxed().toList();
            for (int partition = 0; partition < partitions.size(); partition++) {
                if (!placed[partition]) {
                    int member = nextWithRoom(everyone, 0, false);
                    assign(member >= 0 ? member : nextWithRoom(everyone, 0, true), partition);
                }
            }
        }

        private void assign(int member, int partition) {
            counts.take(member, 1);
            placed[partition] = true;
            GroupAssignments.add(result, members.get(member).memberId(), topic, partitions.get(partition).id());
        }

        private static String partitionRack(Partition partition) {
            return partition.leader() == null ? null : partition.leader().rack();
        }

        private static Map<String, List<Integer>> indexesByRack(int count, IntFunction<String> rackOf) {
            Map<String, List<Integer>> byRack = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String rack = rackOf.apply(i);
                if (rack != null) {
                    byRack.computeIfAbsent(rack, r -> new ArrayList<>()).add(i);
                }
            }
            return byRack;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RackAffinityGroupBalancer that && Objects.equals(rack, that.rack);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(rack);
    }

    @Override
    public String toString() {
        return "RackAffinityGroupBalancer[rack=" + rack + "]";
    }
}
