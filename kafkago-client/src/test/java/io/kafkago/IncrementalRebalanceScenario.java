package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A group that rebalances incrementally (the consumer protocol, cooperative classic balancing) while a producer
 * writes: three members share six partitions, a fourth joins, one leaves. Only the partitions that move are revoked,
 * every member keeps the rest, nothing is lost and duplicates stay within what was left uncommitted.
 */
final class IncrementalRebalanceScenario {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private IncrementalRebalanceScenario() {
    }

    static void run(KafkaTestCluster cluster, String name, BiFunction<String, String, ReaderConfig.Builder> groupReader)
            throws Exception {
        String topic = cluster.createUniqueTopic(name, 6);
        String group = topic + "-g";
        GroupWorkload workload = GroupWorkload.start(cluster, topic, 6, 6_000);
        Map<String, AtomicInteger> processed = workload.processed;

        GroupMemberLoop a = new GroupMemberLoop(groupReader.apply(topic, group), processed);
        GroupMemberLoop b = new GroupMemberLoop(groupReader.apply(topic, group), processed);
        GroupMemberLoop c = new GroupMemberLoop(groupReader.apply(topic, group), processed);
        Await.until(WAIT, "three members with 2 partitions each",
                () -> a.owned().size() == 2 && b.owned().size() == 2 && c.owned().size() == 2);
        assertThat(GroupMemberLoop.union(a, b, c)).hasSize(6);
        Map<GroupMemberLoop, Integer> beforeJoinMarks = marks(a, b, c);
        Map<GroupMemberLoop, Set<TopicPartition>> beforeJoin = Map.of(a, a.owned(), b, b.owned(), c, c.owned());

        GroupMemberLoop d = new GroupMemberLoop(groupReader.apply(topic, group), processed);
        Await.until(WAIT, "the fourth member owning partitions", () -> d.owned().size() >= 1
                && GroupMemberLoop.union(a, b, c, d).size() == 6);
        Set<TopicPartition> revokedAtJoin = revokedSince(beforeJoinMarks);
        assertThat(revokedAtJoin).as("only the partitions that moved to the new member are revoked")
                .isEqualTo(d.owned());
        beforeJoin.forEach((member, owned) -> {
            Set<TopicPartition> kept = new HashSet<>(owned);
            kept.removeAll(revokedAtJoin);
            assertThat(member.owned()).as("a member keeps what was not moved").containsAll(kept);
        });
        Await.until(WAIT, "the fourth member consuming", () -> d.count.get() > 0);

        Map<GroupMemberLoop, Integer> beforeLeaveMarks = marks(a, c, d);
        b.stop();
        Await.until(WAIT, "partitions of the leaving member moving on", () -> GroupMemberLoop.union(a, c, d).size() == 6);
        assertThat(revokedSince(beforeLeaveMarks)).as("a member leaving takes nothing from the others").isEmpty();

        workload.awaitAllProcessed(WAIT, a, c, d);
        workload.assertNothingLost(name, a, b, c, d);
    }

    private static Map<GroupMemberLoop, Integer> marks(GroupMemberLoop... members) {
        Map<GroupMemberLoop, Integer> marks = new HashMap<>();
        for (GroupMemberLoop member : members) {
            marks.put(member, member.revocations.size());
        }
        return marks;
    }

    private static Set<TopicPartition> revokedSince(Map<GroupMemberLoop, Integer> marks) {
        Set<TopicPartition> all = new HashSet<>();
        marks.forEach((member, mark) -> all.addAll(member.revokedSince(mark)));
        return all;
    }
}
