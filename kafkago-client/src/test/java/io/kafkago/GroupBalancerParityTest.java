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
        int rackAwareRounds = 0;
        for (int round = 0; round < ROUNDS; round++) {
            boolean withRacks = random.nextBoolean();
            List<Broker> brokers = randomBrokers(random, withRacks);
            List<Partition> partitions = randomPartitions(random, brokers);
            List<GroupMember> members = randomMembers(random, partitions, withRacks);
            if (withRacks) {
                rackAwareRounds++;
            }

            Map<String, List<String>> expected = javaAssignment(theirs.get(), brokers, partitions, members);
            Map<String, Map<String, List<Integer>>> actual = ours.assignGroups(members, partitions);

            assertThat(flatten(actual)).as("round %d, partitions %s, members %s", round, partitions, members)
                    .isEqualTo(expected);
        }
        assertThat(rackAwareRounds).isGreaterThan(ROUNDS / 4);
    }

    private static List<Broker> randomBrokers(Random random, boolean withRacks) {
        String[] racks = {"rack-1", "rack-2", "rack-3", null};
        List<Broker> brokers = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int id = 0; id < count; id++) {
            brokers.add(new Broker(id, "broker-" + id, 9092, withRacks ? racks[random.nextInt(racks.length)] : null));
        }
        return brokers;
    }

    /** Topics with partition counts drawn from a small set, so co-partitioned topics are common. */
    private static List<Partition> randomPartitions(Random random, List<Broker> brokers) {
        int[] counts = {1, 3, 4, 6, 7, 12};
        List<Partition> partitions = new ArrayList<>();
        int topics = 1 + random.nextInt(4);
        for (int t = 0; t < topics; t++) {
            String topic = "topic-" + (char) ('a' + t);
            int count = counts[random.nextInt(counts.length)];
            for (int id = 0; id < count; id++) {
                List<Broker> replicas = new ArrayList<>(brokers);
                Collections.shuffle(replicas, random);
                replicas = replicas.subList(0, 1 + random.nextInt(replicas.size()));
                partitions.add(new Partition(topic, id, replicas.get(0), replicas, replicas, List.of()));
            }
        }
        Collections.shuffle(partitions, random);
        return partitions;
    }

    private static List<GroupMember> randomMembers(Random random, List<Partition> partitions, boolean withRacks) {
        String[] racks = {"rack-1", "rack-2", "rack-3", "rack-9", "", null};
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(partitions.stream().map(Partition::topic).toList()));
        names.add("not-in-metadata");
        List<GroupMember> members = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        boolean sameSubscription = random.nextBoolean();
        List<String> shared = new ArrayList<>(names);
        for (int i = 0; i < count; i++) {
            List<String> subscribed = new ArrayList<>();
            for (String name : names) {
                if (sameSubscription ? shared.contains(name) : random.nextInt(3) > 0) {
                    subscribed.add(name);
                }
            }
            if (subscribed.isEmpty()) {
                subscribed.add(names.get(random.nextInt(names.size())));
            }
            Collections.shuffle(subscribed, random);
            String memberId = "consumer-" + Integer.toHexString(random.nextInt(1 << 20)) + "-" + i;
            String instanceId = random.nextInt(4) == 0 ? "static-" + random.nextInt(1000) + "-" + i : null;
            String rack = withRacks ? racks[random.nextInt(racks.length)] : null;
            members.add(new GroupMember(memberId, instanceId, subscribed, null, rack));
        }
        Collections.shuffle(members, random);
        return members;
    }

    private static List<Partition> partitions(String topic, int count) {
        Broker broker = new Broker(0, "localhost", 9092, null);
        List<Partition> partitions = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            partitions.add(new Partition(topic, id, broker, List.of(broker), List.of(broker), List.of()));
        }
        return partitions;
    }

    private static Map<String, List<String>> javaAssignment(ConsumerPartitionAssignor assignor, List<Broker> brokers,
                                                            List<Partition> partitions, List<GroupMember> members) {
        Map<Integer, Node> nodes = new HashMap<>();
        brokers.forEach(b -> nodes.put(b.id(), new Node(b.id(), b.host(), b.port(), b.rack())));
        List<PartitionInfo> infos = new ArrayList<>();
        for (Partition partition : partitions) {
            Node[] replicas = partition.replicas().stream().map(b -> nodes.get(b.id())).toArray(Node[]::new);
            infos.add(new PartitionInfo(partition.topic(), partition.id(), nodes.get(partition.leader().id()), replicas, replicas));
        }
        Cluster cluster = new Cluster("cluster", nodes.values(), infos, Set.of(), Set.of());
        Map<String, Subscription> subscriptions = new HashMap<>();
        for (GroupMember member : members) {
            Subscription subscription = new Subscription(member.topics(), null, List.of(), -1, Optional.ofNullable(member.rackId()));
            subscription.setGroupInstanceId(Optional.ofNullable(member.groupInstanceId()));
            subscriptions.put(member.memberId(), subscription);
        }
        Map<String, List<String>> result = new TreeMap<>();
        assignor.assign(cluster, new GroupSubscription(subscriptions)).groupAssignment().forEach((member, assignment) -> {
            List<String> names = new ArrayList<>();
            assignment.partitions().forEach(tp -> names.add(tp.topic() + "-" + tp.partition()));
            Collections.sort(names);
            result.put(member, names);
        });
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
}
