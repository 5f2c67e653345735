package io.kafkago;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code "roundrobin"} strategy, assigning what the Java client's {@code RoundRobinAssignor}
 * assigns: all partitions of all subscribed topics, sorted by topic then id, dealt out to the
 * members in the Java client's member order, skipping members not subscribed to a partition's
 * topic. Spreads load evenly when members share subscriptions.
 */
public final class RoundRobinGroupBalancer implements GroupBalancer {

    /** The protocol name: {@value}. */
    public static final String PROTOCOL_NAME = "roundrobin";

    @Override
    public String protocolName() {
        return PROTOCOL_NAME;
    }

    @Override
    public Map<String, Map<String, List<Integer>>> assignGroups(List<GroupMember> members, List<Partition> partitions) {
        Map<String, Map<String, List<Integer>>> result = GroupAssignments.empty(members);
        List<GroupMember> ordered = new ArrayList<>(members);
        ordered.sort(GroupAssignments.MEMBER_ORDER);
        int cursor = 0;
        for (var topicPartitions : GroupAssignments.partitionsByTopic(partitions).entrySet()) {
            String topic = topicPartitions.getKey();
            if (ordered.stream().noneMatch(member -> member.topics().contains(topic))) {
                continue;
            }
            for (Partition partition : topicPartitions.getValue()) {
                while (!ordered.get(cursor).topics().contains(topic)) {
                    cursor = (cursor + 1) % ordered.size();
                }
                GroupAssignments.add(result, ordered.get(cursor).memberId(), topic, partition.id());
                cursor = (cursor + 1) % ordered.size();
            }
        }
        return GroupAssignments.freeze(result);
    }

    @Override
    public String toString() {
        return "RoundRobinGroupBalancer";
    }
}
