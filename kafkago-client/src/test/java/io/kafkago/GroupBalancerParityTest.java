package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

/** Range and round-robin assign exactly what the Java client's assignors of the same name assign. */
class GroupBalancerParityTest {

    private static final int ROUNDS = 2_000;

    @Test
    void protocolNamesMatchTheJavaAssignors() {
        assertThat(new RangeGroupBalancer().protocolName()).isEqualTo(new RangeAssignor().name());
        assertThat(new RoundRobinGroupBalancer().protocolName()).isEqualTo(new RoundRobinAssignor().name());
    }

    @Test
    void rangeMatchesRangeAssignorOnRandomGroups() {
        assertParity(new RangeGroupBalancer(), RangeAssignor::new, 11);
    }

    @Test
    void roundRobinMatchesRoundRobinAssignorOnRandomGroups() {
        assertParity(new RoundRobinGroupBalancer(), RoundRobinAssignor::new, 12);
    }

    @Test
    void rangeGivesContiguousRangesWithExtrasFirst() {
        List<GroupMember> members = List.of(GroupMember.of("b", List.of("t")), GroupMember.of("a", List.of("t")),
                GroupMember.of("c", List.of("t")));
        Map<String, Map<String, List<Integer>>> result = new RangeGroupBalancer().assignGroups(members, partitions("t", 7));

        assertThat(result.get("a")).containsExactly(Map.entry("t", List.of(0, 1, 2)));
        assertThat(result.get("b")).containsExactly(Map.entry("t", List.of(3, 4)));
        assertThat(result.get("c")).containsExactly(Map.entry("t", List.of(5, 6)));
    }

    @Test
    void staticMembersComeFirstInInstanceIdOrder() {
        List<GroupMember> members = List.of(GroupMember.of("a", List.of("t")),
                new GroupMember("z", "instance-2", List.of("t"), null, null),
                new GroupMember("y", "instance-1", List.of("t"), null, null));
        Map<String, Map<String, List<Integer>>> result = new RoundRobinGroupBalancer().assignGroups(members, partitions("t", 4));

        assertThat(result.get("y")).containsExactly(Map.entry("t", List.of(0, 3)));
        assertThat(result.get("z")).containsExactly(Map.entry("t", List.of(1)));
        assertThat(result.get("a")).containsExactly(Map.entry("t", List.of(2)));
    }

    @Test
    void membersWithoutPartitionsAreStillListed() {
        List<GroupMember> members = List.of(GroupMember.of("a", List.of("t")), GroupMember.of("b", List.of("missing")));
        for (GroupBalancer balancer : List.of(new RangeGroupBalancer(), new RoundRobinGroupBalancer())) {
            Map<String, Map<String, List<Integer>>> result = balancer.assignGroups(members, partitions("t", 2));
            assertThat(result).containsOnlyKeys("a", "b");
            assertThat(result.get("b")).isEmpty();
            assertThat(result.get("a")).containsExactly(Map.entry("t", List.of(0, 1)));
        }
    }

    private static void assertParity(GroupBalancer ours, Supplier<ConsumerPartitionAssignor> theirs, long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, Integer> topics = randomTopics(random);
            List<GroupMember> members = randomMembers(random, topics);

            Map<String, Set<org.apache.kafka.common.TopicPartition>> expected = javaAssignment(theirs.get(), topics, members);
            Map<String, Map<String, List<Integer>>> actual = ours.assignGroups(members, partitionList(topics));

            assertThat(flatten(actual)).as("round %d, topics %s, members %s", round, topics, members).isEqualTo(flattenJava(expected));
        }
    }

    private static Map<String, Integer> randomTopics(Random random) {
        Map<String, Integer> topics = new TreeMap<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            topics.put("topic-" + (char) ('a' + random.nextInt(6)), 1 + random.nextInt(12));
        }
        return topics;
    }

    private static List<GroupMember> randomMembers(Random random, Map<String, Integer> topics) {
        List<String> names = new ArrayList<>(topics.keySet());
        names.add("not-in-metadata");
        List<GroupMember> members = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            List<String> subscribed = new ArrayList<>();
            for (String name : names) {
                if (random.nextInt(3) > 0) {
                    subscribed.add(name);
                }
            }
            if (subscribed.isEmpty()) {
                subscribed.add(names.get(random.nextInt(names.size())));
            }
            Collections.shuffle(subscribed, random);
            String memberId = "consumer-" + Integer.toHexString(random.nextInt(1 << 20)) + "-" + i;
            String instanceId = random.nextInt(4) == 0 ? "static-" + random.nextInt(1000) + "-" + i : null;
            members.add(new GroupMember(memberId, instanceId, subscribed, null, null));
        }
        Collections.shuffle(members, random);
        return members;
    }

    private static List<Partition> partitionList(Map<String, Integer> topics) {
        List<Partition> partitions = new ArrayList<>();
        topics.forEach((topic, count) -> partitions.addAll(partitions(topic, count)));
        Collections.reverse(partitions);
        return partitions;
    }

    private static List<Partition> partitions(String topic, int count) {
        Broker broker = new Broker(0, "localhost", 9092, null);
        List<Partition> partitions = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            partitions.add(new Partition(topic, id, broker, List.of(broker), List.of(broker), List.of()));
        }
        return partitions;
    }

    private static Map<String, Set<org.apache.kafka.common.TopicPartition>> javaAssignment(
            ConsumerPartitionAssignor assignor, Map<String, Integer> topics, List<GroupMember> members) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        topics.forEach((topic, count) -> {
            for (int id = 0; id < count; id++) {
                infos.add(new PartitionInfo(topic, id, node, new Node[] {node}, new Node[] {node}));
            }
        });
        Cluster cluster = new Cluster("cluster", List.of(node), infos, Set.of(), Set.of());
        Map<String, Subscription> subscriptions = new HashMap<>();
        for (GroupMember member : members) {
            Subscription subscription = new Subscription(member.topics());
            subscription.setGroupInstanceId(Optional.ofNullable(member.groupInstanceId()));
            subscriptions.put(member.memberId(), subscription);
        }
        Map<String, Set<org.apache.kafka.common.TopicPartition>> result = new HashMap<>();
        assignor.assign(cluster, new GroupSubscription(subscriptions)).groupAssignment()
                .forEach((member, assignment) -> result.put(member, Set.copyOf(assignment.partitions())));
        return result;
    }

    private static Map<String, List<String>> flatten(Map<String, Map<String, List<Integer>>> assignment) {
        Map<String, List<String>> flat = new TreeMap<>();
        assignment.forEach((member, topics) -> {
            List<String> partitions = new ArrayList<>();
            topics.forEach((topic, ids) -> ids.forEach(id -> partitions.add(topic + "-" + id)));
            Collections.sort(partitions);
            flat.put(member, partitions);
        });
        return flat;
    }

    private static Map<String, List<String>> flattenJava(Map<String, Set<org.apache.kafka.common.TopicPartition>> assignment) {
        Map<String, List<String>> flat = new TreeMap<>();
        assignment.forEach((member, partitions) -> {
            List<String> names = new ArrayList<>();
            partitions.forEach(tp -> names.add(tp.topic() + "-" + tp.partition()));
            Collections.sort(names);
            flat.put(member, names);
        });
        return flat;
    }
}
