package io.kafkago;

import java.util.List;
import java.util.Map;

/**
 * The {@code "range"} strategy, assigning what the Java client's {@code RangeAssignor} assigns
 * when no member declares a rack: each topic on its own, its partitions in id order split into
 * contiguous ranges, one per subscribed member in the Java client's member order, the first
 * {@code partitions % members} members getting one extra. Equal partition ids of co-partitioned
 * topics go to the same member, which joins keyed streams. Rack ids are ignored (the Java
 * client's rack-aware variant is not reproduced).
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
        GroupAssignments.partitionsByTopic(partitions).forEach((topic, topicPartitions) -> {
            List<GroupMember> subscribers = GroupAssignments.subscribers(members, topic);
            if (subscribers.isEmpty()) {
                return;
            }
            int perMember = topicPartitions.size() / subscribers.size();
            int withExtra = topicPartitions.size() % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int count = perMember + (i < withExtra ? 1 : 0);
                for (int j = 0; j < count; j++) {
                    GroupAssignments.add(result, subscribers.get(i).memberId(), topic, topicPartitions.get(next++).id());
                }
            }
        });
        return GroupAssignments.freeze(result);
    }

    @Override
    public String toString() {
        return "RangeGroupBalancer";
    }
}
