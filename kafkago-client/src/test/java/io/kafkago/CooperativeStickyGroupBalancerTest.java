package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cooperative sticky balancer: balance, stickiness, and no partition handed straight between members. */
class CooperativeStickyGroupBalancerTest {

    private final CooperativeStickyGroupBalancer balancer = new CooperativeStickyGroupBalancer();

    @Test
    void aFreshGroupGetsBalancedCounts() {
        Map<String, Set<TopicPartition>> plan = assign(partitions("t", 7), member("a"), member("b"), member("c"));
        assertThat(plan.values()).extracting(Set::size).containsExactlyInAnyOrder(3, 2, 2);
        assertThat(union(plan)).hasSize(7);
    }

    @Test
    void aJoiningMemberTakesOnlyWhatTheBalanceNeedsAndGetsItOnlyOnceItsOwnerGaveItUp() {
        List<Partition> partitions = partitions("t", 6);
        GroupMember a = member("a", 1, tp(0), tp(1));
        GroupMember b = member("b", 1, tp(2), tp(3));
        GroupMember c = member("c", 1, tp(4), tp(5));
        Map<String, Set<TopicPartition>> first = assign(partitions, a, b, c, member("d"));

        // everyone keeps what they own except the partitions that move; the new member gets nothing yet
        assertThat(first.get("d")).isEmpty();
        Set<TopicPartition> moved = new HashSet<>(Set.of(tp(0), tp(1), tp(2), tp(3), tp(4), tp(5)));
        moved.removeAll(union(first));
        assertThat(moved).hasSize(1);
        for (GroupMember member : List.of(a, b, c)) {
            assertThat(member.ownedPartitions()).containsAll(first.get(member.memberId()));
        }

        // the owner gave it up and rejoined: now it is nobody's and goes to the new member
        Map<String, Set<TopicPartition>> second = assign(partitions, member("a", 2, first.get("a")),
                member("b", 2, first.get("b")), member("c", 2, first.get("c")), member("d", 2, Set.of()));
        assertThat(second.get("d")).isEqualTo(moved);
        assertThat(second.get("a")).isEqualTo(first.get("a"));
        assertThat(second.get("b")).isEqualTo(first.get("b"));
        assertThat(second.get("c")).isEqualTo(first.get("c"));
    }

    @Test
    void aLeavingMembersPartitionsAreSpreadAndNobodyElseMoves() {
        Map<String, Set<TopicPartition>> plan = assign(partitions("t", 6), member("a", 3, tp(0), tp(1)),
                member("c", 3, tp(4), tp(5)));
        assertThat(plan.get("a")).containsAll(Set.of(tp(0), tp(1)));
        assertThat(plan.get("c")).containsAll(Set.of(tp(4), tp(5)));
        assertThat(union(plan)).hasSize(6);
        assertThat(plan.values()).extracting(Set::size).containsExactly(3, 3);
    }

    @Test
    void aClaimOfAnOlderGenerationLosesToTheLaterOne() {
        Map<String, Set<TopicPartition>> plan = assign(partitions("t", 2), member("a", 4, tp(0)),
                member("b", 5, tp(0), tp(1)));
        assertThat(plan.get("a")).as("tp 0 is b's: a must not get it straight from b").isEmpty();
        assertThat(plan.get("b")).containsExactly(tp(0));
    }

    @Test
    void overManyRandomRoundsEveryPartitionEndsUpOwnedOnceAndCountsStayBalanced() {
        Random random = new Random(42);
        List<Partition> partitions = partitions("t", 12);
        Map<String, Set<TopicPartition>> owned = new HashMap<>();
        int generation = 0;
        for (int round = 0; round < 200; round++) {
            if (owned.size() < 2 || random.nextBoolean() && owned.size() < 6) {
                owned.put("m" + round, Set.of());
            } else {
                List<String> ids = new ArrayList<>(owned.keySet());
                owned.remove(ids.get(random.nextInt(ids.size())));
            }
            // rebalance until it settles: each round, owners give up what they were not assigned
            for (int step = 0; step < 3; step++) {
                generation++;
                List<GroupMember> members = new ArrayList<>();
                int g = generation;
                owned.forEach((id, partitionsOwned) -> members.add(member(id, g, partitionsOwned)));
                Map<String, Set<TopicPartition>> plan = assign(partitions, members.toArray(GroupMember[]::new));
                plan.forEach((id, assigned) -> owned.forEach((other, theirs) -> {
                    if (!other.equals(id)) {
                        assertThat(intersection(theirs, assigned)).as("handed straight from %s to %s", other, id)
                                .isEmpty();
                    }
                }));
                owned.replaceAll((id, old) -> plan.get(id));
            }
            assertThat(union(owned)).as("all partitions owned after round " + round).hasSize(12);
            int min = owned.values().stream().mapToInt(Set::size).min().orElseThrow();
            int max = owned.values().stream().mapToInt(Set::size).max().orElseThrow();
            assertThat(max - min).as("balanced after round " + round).isLessThanOrEqualTo(1);
        }
    }

    private Map<String, Set<TopicPartition>> assign(List<Partition> partitions, GroupMember... members) {
        Map<String, Map<String, List<Integer>>> plan = balancer.assignGroups(List.of(members), partitions);
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        plan.forEach((member, topics) -> {
            Set<TopicPartition> assigned = new HashSet<>();
            topics.forEach((topic, ids) -> ids.forEach(id -> assigned.add(new TopicPartition(topic, id))));
            result.put(member, assigned);
        });
        Set<TopicPartition> seen = new HashSet<>();
        result.values().forEach(assigned -> assigned.forEach(tp ->
                assertThat(seen.add(tp)).as("%s assigned twice", tp).isTrue()));
        return result;
    }

    private static Set<TopicPartition> union(Map<String, Set<TopicPartition>> plan) {
        Set<TopicPartition> all = new HashSet<>();
        plan.values().forEach(all::addAll);
        return all;
    }

    private static Set<TopicPartition> intersection(Set<TopicPartition> a, Set<TopicPartition> b) {
        Set<TopicPartition> common = new HashSet<>(a);
        common.retainAll(b);
        return common;
    }

    private static GroupMember member(String id) {
        return member(id, -1, Set.of());
    }

    private static GroupMember member(String id, int generation, TopicPartition... owned) {
        return member(id, generation, Set.of(owned));
    }

    private static GroupMember member(String id, int generation, Set<TopicPartition> owned) {
        return new GroupMember(id, null, List.of("t"), null, null, List.copyOf(owned), generation);
    }

    private static TopicPartition tp(int partition) {
        return new TopicPartition("t", partition);
    }

    private static List<Partition> partitions(String topic, int count) {
        List<Partition> partitions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            partitions.add(new Partition(topic, i, null, List.of(), List.of(), List.of()));
        }
        return partitions;
    }
}
