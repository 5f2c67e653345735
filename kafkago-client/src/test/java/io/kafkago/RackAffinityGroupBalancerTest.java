package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RackAffinityGroupBalancerTest {

    private final RackAffinityGroupBalancer balancer = new RackAffinityGroupBalancer("rack-a");

    @Test
    void announcesItsRackAsUserData() {
        assertThat(balancer.protocolName()).isEqualTo("rack-affinity");
        assertThat(new String(balancer.userData(), UTF_8)).isEqualTo("rack-a");
        assertThat(new RackAffinityGroupBalancer(null).userData()).isEmpty();
    }

    @Test
    void matchingRacksGetTheirOwnPartitions() {
        List<GroupMember> members = List.of(member("m1", "a"), member("m2", "b"), member("m3", "c"));
        List<Partition> partitions = partitions("t", "a", "b", "c", "a", "b", "c");

        Map<String, Map<String, List<Integer>>> result = balancer.assignGroups(members, partitions);

        assertThat(result.get("m1")).containsExactly(Map.entry("t", List.of(0, 3)));
        assertThat(result.get("m2")).containsExactly(Map.entry("t", List.of(1, 4)));
        assertThat(result.get("m3")).containsExactly(Map.entry("t", List.of(2, 5)));
    }

    @Test
    void countsStayBalancedWhenRacksAreLopsided() {
        List<GroupMember> members = List.of(member("m1", "a"), member("m2", "b"));
        List<Partition> partitions = partitions("t", "a", "a", "a", "a", "b");

        Map<String, Map<String, List<Integer>>> result = balancer.assignGroups(members, partitions);

        assertThat(result.get("m1").get("t")).hasSize(3).allMatch(id -> id < 4);
        assertThat(result.get("m2").get("t")).hasSize(2).contains(4);
    }

    @Test
    void subscriptionRackIdWinsOverUserDataAndKafkaGoUserDataIsUnderstood() {
        GroupMember fromSubscription = new GroupMember("m1", null, List.of("t"), "b".getBytes(UTF_8), "a");
        GroupMember fromUserData = new GroupMember("m2", null, List.of("t"), "b".getBytes(UTF_8), null);

        Map<String, Map<String, List<Integer>>> result =
                balancer.assignGroups(List.of(fromSubscription, fromUserData), partitions("t", "b", "a"));

        assertThat(result.get("m1").get("t")).containsExactly(1);
        assertThat(result.get("m2").get("t")).containsExactly(0);
    }

    @Test
    void randomGroupsAreCompleteBalancedAndAsLocalAsTheCountsAllow() {
        Random random = new Random(31);
        String[] racks = {"a", "b", "c", null};
        for (int round = 0; round < 2_000; round++) {
            int memberCount = 1 + random.nextInt(6);
            List<GroupMember> members = new ArrayList<>();
            for (int i = 0; i < memberCount; i++) {
                List<String> topics = random.nextBoolean() ? List.of("t", "u") : List.of("t");
                members.add(new GroupMember("m" + i, null, topics, null, racks[random.nextInt(racks.length)]));
            }
            List<Partition> partitions = new ArrayList<>();
            for (String topic : List.of("t", "u")) {
                int count = 1 + random.nextInt(15);
                String[] leaderRacks = new String[count];
                for (int p = 0; p < count; p++) {
                    leaderRacks[p] = racks[random.nextInt(racks.length)];
                }
                partitions.addAll(partitions(topic, leaderRacks));
            }

            Map<String, Map<String, List<Integer>>> result = balancer.assignGroups(members, partitions);

            assertThat(result).containsOnlyKeys(members.stream().map(GroupMember::memberId).toList());
            for (String topic : List.of("t", "u")) {
                List<GroupMember> subscribers = members.stream().filter(m -> m.topics().contains(topic)).toList();
                List<Partition> topicPartitions = partitions.stream().filter(p -> p.topic().equals(topic)).toList();
                Set<Integer> assigned = new HashSet<>();
                int min = Integer.MAX_VALUE;
                int max = 0;
                int local = 0;
                for (GroupMember member : members) {
                    List<Integer> ids = result.get(member.memberId()).getOrDefault(topic, List.of());
                    if (!subscribers.contains(member)) {
                        assertThat(ids).isEmpty();
                        continue;
                    }
                    assertThat(ids).isSorted();
                    for (int id : ids) {
                        assertThat(assigned.add(id)).as("partition %d assigned twice", id).isTrue();
                        String leaderRack = topicPartitions.get(id).leader().rack();
                        if (leaderRack != null && leaderRack.equals(member.rackId())) {
                            local++;
                        }
                    }
                    min = Math.min(min, ids.size());
                    max = Math.max(max, ids.size());
                }
                if (subscribers.isEmpty()) {
                    continue;
                }
                assertThat(assigned).hasSize(topicPartitions.size());
                assertThat(max - min).isLessThanOrEqualTo(1);
                assertThat(local).isGreaterThanOrEqualTo(guaranteedLocal(subscribers, topicPartitions));
            }
        }
    }

    /** Local placements any balanced assignment can make for sure: per rack, min(partitions, members * base). */
    private static int guaranteedLocal(List<GroupMember> members, List<Partition> partitions) {
        int base = partitions.size() / members.size();
        Map<String, Integer> membersByRack = new HashMap<>();
        members.forEach(m -> {
            if (m.rackId() != null) {
                membersByRack.merge(m.rackId(), 1, Integer::sum);
            }
        });
        Map<String, Integer> partitionsByRack = new HashMap<>();
        partitions.forEach(p -> {
            if (p.leader().rack() != null) {
                partitionsByRack.merge(p.leader().rack(), 1, Integer::sum);
            }
        });
        int total = 0;
        for (var entry : partitionsByRack.entrySet()) {
            total += Math.min(entry.getValue(), membersByRack.getOrDefault(entry.getKey(), 0) * base);
        }
        return total;
    }

    private static GroupMember member(String id, String rack) {
        return new GroupMember(id, null, List.of("t"), null, rack);
    }

    private static List<Partition> partitions(String topic, String... leaderRacks) {
        List<Partition> partitions = new ArrayList<>();
        for (int id = 0; id < leaderRacks.length; id++) {
            Broker leader = new Broker(id, "broker-" + id, 9092, leaderRacks[id]);
            partitions.add(new Partition(topic, id, leader, List.of(leader), List.of(leader), List.of()));
        }
        return partitions;
    }
}
