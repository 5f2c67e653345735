package io.kafkago;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * The {@code "cooperative-sticky"} strategy (KIP-429): balanced counts, members keeping as many of the partitions
 * they own as the balance allows, and no partition handed straight from one member to another. A partition that must
 * move is left out of the new owner's assignment in that rebalance; its current owner sees it gone, gives it up (its
 * commit flushed, the revoke listener told) and rejoins at once, and the follow-up rebalance, in which nobody owns
 * it, gives it to the new member. Members that keep their partitions fetch on through both rebalances.
 *
 * <p>Ownership comes from the members' subscriptions; when two members claim a partition, the claim of the later
 * generation wins. A member rebalances cooperatively only when every balancer it offers is cooperative (list this one
 * alone); a member that also offers an eager one gives up everything before joining, as eager members do, and reports
 * nothing owned. The protocol name is the Java client's, so mixed groups of both clients work.
 */
public final class CooperativeStickyGroupBalancer implements GroupBalancer {

    /** The protocol name: {@value}. */
    public static final String PROTOCOL_NAME = "cooperative-sticky";

    @Override
    public String protocolName() {
        return PROTOCOL_NAME;
    }

    @Override
    public boolean cooperative() {
        return true;
    }

    @Override
    public Map<String, Map<String, List<Integer>>> assignGroups(List<GroupMember> members, List<Partition> partitions) {
        List<GroupMember> ordered = new ArrayList<>(members);
        ordered.sort(GroupAssignments.MEMBER_ORDER);
        List<TopicPartition> all = new ArrayList<>(partitions.size());
        GroupAssignments.partitionsByTopic(partitions).values()
                .forEach(list -> list.forEach(partition -> all.add(new TopicPartition(partition.topic(), partition.id()))));
        Map<TopicPartition, GroupMember> owners = owners(ordered, new HashSet<>(all));

        Map<GroupMember, List<TopicPartition>> target = new LinkedHashMap<>();
        ordered.forEach(member -> target.put(member, new ArrayList<>()));
        Map<TopicPartition, GroupMember> assigned = new HashMap<>();
        int base = ordered.isEmpty() ? 0 : all.size() / ordered.size();
        int extras = ordered.isEmpty() ? 0 : all.size() % ordered.size();
        Map<GroupMember, List<TopicPartition>> owned = ownedBy(ordered, owners, all);
        for (GroupMember member : ordered) { // keep up to the base count of what each member owns
            for (TopicPartition partition : owned.get(member).subList(0, Math.min(base, owned.get(member).size()))) {
                target.get(member).add(partition);
                assigned.put(partition, member);
            }
        }
        for (GroupMember member : ordered) { // then one more, while the balance allows members above the base
            if (extras > 0 && owned.get(member).size() > base) {
                TopicPartition partition = owned.get(member).get(base);
                target.get(member).add(partition);
                assigned.put(partition, member);
                extras--;
            }
        }
        for (TopicPartition partition : all) { // what is left goes to the subscriber with the fewest
            if (assigned.containsKey(partition)) {
                continue;
            }
            GroupMember taker = null;
            boolean takerHasRoom = false;
            for (GroupMember member : ordered) {
                if (!member.topics().contains(partition.topic())) {
                    continue;
                }
                int count = target.get(member).size();
                boolean room = count < base || count == base && extras > 0;
                if (taker == null || room && !takerHasRoom || room == takerHasRoom && count < target.get(taker).size()) {
                    taker = member;
                    takerHasRoom = room;
                }
            }
            if (taker == null) {
                continue; // nobody subscribes to its topic
            }
            if (target.get(taker).size() >= base) {
                extras = Math.max(0, extras - 1);
            }
            target.get(taker).add(partition);
            assigned.put(partition, taker);
        }

        Map<String, Map<String, List<Integer>>> result = GroupAssignments.empty(members);
        target.forEach((member, list) -> {
            for (TopicPartition partition : list) {
                GroupMember owner = owners.get(partition);
                if (owner == null || owner == member) { // a moving partition waits for its owner to give it up
                    GroupAssignments.add(result, member.memberId(), partition.topic(), partition.partition());
                }
            }
        });
        return GroupAssignments.freeze(result);
    }

    /**
     * Each partition's owner: the member of the latest generation claiming it. A member that no longer subscribes to
     * the partition's topic still owns it until it gives it up, so it is withheld from its next owner like any other.
     */
    private static Map<TopicPartition, GroupMember> owners(List<GroupMember> ordered, Set<TopicPartition> existing) {
        Map<TopicPartition, GroupMember> owners = new HashMap<>();
        for (GroupMember member : ordered) {
            for (TopicPartition partition : member.ownedPartitions()) {
                if (!existing.contains(partition)) {
                    continue;
                }
                GroupMember claimed = owners.get(partition);
                if (claimed == null || member.generationId() > claimed.generationId()) {
                    owners.put(partition, member);
                }
            }
        }
        return owners;
    }

    /**
     * What each member owns and may keep (of the topics it subscribes to), in the order partitions are listed, so what
     * a member keeps is deterministic.
     */
    private static Map<GroupMember, List<TopicPartition>> ownedBy(List<GroupMember> ordered,
                                                                  Map<TopicPartition, GroupMember> owners,
                                                                  List<TopicPartition> all) {
        Map<GroupMember, List<TopicPartition>> owned = new HashMap<>();
        ordered.forEach(member -> owned.put(member, new ArrayList<>()));
        for (TopicPartition partition : all) {
            GroupMember owner = owners.get(partition);
            if (owner != null && owner.topics().contains(partition.topic())) {
                owned.get(owner).add(partition);
            }
        }
        owned.values().forEach(list -> list.sort(Comparator.naturalOrder()));
        return owned;
    }

    @Override
    public String toString() {
        return "CooperativeStickyGroupBalancer";
    }
}
