package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RoundRobin, LeastBytes and StickyBalancer spread messages as documented. */
class PartitionSpreadingBalancerTest {

    @Test
    void roundRobinVisitsPartitionsInTurn() {
        RoundRobin balancer = new RoundRobin();
        int[] partitions = {0, 3, 7};
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            chosen.add(balancer.balance(Message.of("v"), partitions));
        }
        assertThat(chosen).containsExactly(0, 3, 7, 0, 3, 7, 0);
    }

    @Test
    void roundRobinChunksKeepConsecutiveMessagesTogether() {
        RoundRobin balancer = new RoundRobin(3);
        int[] partitions = {0, 1};
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chosen.add(balancer.balance(Message.of("v"), partitions));
        }
        assertThat(chosen).containsExactly(0, 0, 0, 1, 1, 1, 0, 0);
        assertThatThrownBy(() -> new RoundRobin(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundRobinIsEvenUnderConcurrentUse() throws InterruptedException {
        RoundRobin balancer = new RoundRobin();
        int[] partitions = IntStream.range(0, 6).toArray();
        ConcurrentHashMap<Integer, AtomicLong> counts = new ConcurrentHashMap<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 6_000; i++) {
                    counts.computeIfAbsent(balancer.balance(Message.of("v"), partitions), p -> new AtomicLong()).incrementAndGet();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(counts).hasSize(6);
        counts.values().forEach(count -> assertThat(count.get()).isEqualTo(4_000L));
    }

    @Test
    void leastBytesPicksThePartitionWithFewestBytes() {
        LeastBytes balancer = new LeastBytes();
        int[] partitions = {0, 1, 2};
        assertThat(balancer.balance(Message.of(new byte[100]), partitions)).isZero();
        assertThat(balancer.balance(Message.of(new byte[10]), partitions)).isEqualTo(1);
        assertThat(balancer.balance(Message.of(new byte[10]), partitions)).isEqualTo(2);
        assertThat(balancer.balance(Message.of(new byte[10]), partitions)).isEqualTo(1);
        assertThat(balancer.balance(Message.of(new byte[10]), partitions)).isEqualTo(2);
        assertThat(balancer.bytesSent(null, 0)).isEqualTo(100);
        assertThat(balancer.bytesSent(null, 1)).isEqualTo(20);
        assertThat(balancer.bytesSent(null, 2)).isEqualTo(20);
    }

    @Test
    void leastBytesKeepsTotalsWithinOneMessageOfEachOther() {
        LeastBytes balancer = new LeastBytes();
        int[] partitions = {1, 4, 20};
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            balancer.balance(Message.of(new byte[random.nextInt(500)]), partitions);
        }
        long max = Math.max(balancer.bytesSent(null, 1), Math.max(balancer.bytesSent(null, 4), balancer.bytesSent(null, 20)));
        long min = Math.min(balancer.bytesSent(null, 1), Math.min(balancer.bytesSent(null, 4), balancer.bytesSent(null, 20)));
        assertThat(max - min).isLessThan(500);
        assertThat(balancer.bytesSent(null, 2)).isZero();
    }

    @Test
    void leastBytesCountsKeysToo() {
        LeastBytes balancer = new LeastBytes();
        int[] partitions = {0, 1};
        balancer.balance(Message.of("key-key-key", "v"), partitions);
        assertThat(balancer.bytesSent(null, 0)).isEqualTo(12);
    }

    @Test
    void stickyStaysUntilTheSwitchSizeThenMovesElsewhere() {
        StickyBalancer balancer = new StickyBalancer(100);
        int[] partitions = IntStream.range(0, 5).toArray();
        int first = balancer.balance(Message.of(new byte[40]), partitions);
        assertThat(balancer.balance(Message.of(new byte[40]), partitions)).isEqualTo(first);
        assertThat(balancer.balance(Message.of(new byte[40]), partitions)).isEqualTo(first);
        int second = balancer.balance(Message.of(new byte[40]), partitions);
        assertThat(second).isNotEqualTo(first);
        assertThat(balancer.balance(Message.of(new byte[40]), partitions)).isEqualTo(second);
    }

    @Test
    void stickyReachesEveryPartitionOverTime() {
        StickyBalancer balancer = new StickyBalancer(10);
        int[] partitions = {2, 3, 5, 7};
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            seen.add(balancer.balance(Message.of(new byte[10]), partitions));
        }
        assertThat(seen).containsExactlyInAnyOrder(2, 3, 5, 7);
    }

    @Test
    void stickyLeavesAPartitionThatDisappeared() {
        StickyBalancer balancer = new StickyBalancer(1_000_000);
        int first = balancer.balance(Message.of("v"), new int[] {0, 1, 2});
        int[] without = IntStream.range(0, 3).filter(p -> p != first).toArray();
        int next = balancer.balance(Message.of("v"), without);
        assertThat(without).contains(next);
    }

    @Test
    void leastBytesCountsEachTopicOnItsOwn() {
        LeastBytes balancer = new LeastBytes();
        int[] partitions = {0, 1};
        assertThat(balancer.balance(Message.of(new byte[50]).withTopic("a"), partitions)).isZero();
        assertThat(balancer.balance(Message.of(new byte[50]).withTopic("b"), partitions)).isZero();
        assertThat(balancer.balance(Message.of(new byte[50]).withTopic("a"), partitions)).isEqualTo(1);
        assertThat(balancer.bytesSent("a", 0)).isEqualTo(50);
        assertThat(balancer.bytesSent("b", 0)).isEqualTo(50);
        assertThat(balancer.bytesSent("b", 1)).isZero();
    }

    @Test
    void stickyKeepsOnePartitionPerTopic() {
        StickyBalancer balancer = new StickyBalancer(1_000_000);
        int[] wide = IntStream.range(0, 50).toArray();
        int[] narrow = {0, 1};
        int onWide = balancer.balance(Message.of("v").withTopic("wide"), wide);
        int onNarrow = balancer.balance(Message.of("v").withTopic("narrow"), narrow);
        for (int i = 0; i < 100; i++) {
            assertThat(balancer.balance(Message.of("v").withTopic("wide"), wide)).isEqualTo(onWide);
            assertThat(balancer.balance(Message.of("v").withTopic("narrow"), narrow)).isEqualTo(onNarrow);
        }
    }

    @Test
    void emptyPartitionListsAreRejectedClearly() {
        for (Balancer balancer : List.of(new RoundRobin(), new LeastBytes(), new StickyBalancer(), new Murmur2Balancer(),
                new Hash(), new ReferenceHash(), new CRC32Balancer())) {
            assertThatThrownBy(() -> balancer.balance(Message.of("k", "v"), new int[0]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one partition");
        }
    }
}
