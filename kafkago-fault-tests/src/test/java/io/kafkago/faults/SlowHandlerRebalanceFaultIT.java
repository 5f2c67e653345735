package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveredRecord;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Scenario 11: a second member joins the group while the first is in the middle of a slow message, for a plain group
 * {@link Reader} (fetch, handle, commit) and for a Spring {@code @KafkaGoListener}. The rebalance moves the slow
 * message's partition to the new member while the slow handler still runs; the new member must start there from the
 * last commit (so the slow message and whatever else was handled but not committed is handled again: nothing is
 * skipped), committed offsets must never run ahead of what was handled, and once the slow handler returns, the commit
 * its member makes for it belongs to an ended generation and must not be applied: it would rewind the offset the new
 * owner has committed since.
 *
 * <p>Which member gets which partition is made deterministic through the client ids: the coordinator names members
 * {@code <client id>-<uuid>}, and the range assignor gives the first partition to the first member in that order.
 */
class SlowHandlerRebalanceFaultIT {

    private static final int PARTITIONS = 2;
    private static final int MESSAGES_PER_PARTITION = 100;
    /** Sorts after {@link #JOINING}: keeps partition 1 after the rebalance. */
    private static final String SLOW = "member-2-slow";
    /** Sorts first: takes partition 0, with the slow message, from the slow member. */
    private static final String JOINING = "member-1-joining";
    private static final int SLOW_PARTITION = 0;
    private static final long SLOW_OFFSET = 40;
    private static final String MARKER = "marker";
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    /** What every member handled, for the Spring listeners too (they are beans the test cannot hand it to). */
    private static volatile Handling handling;

    private KafkaProcessCluster cluster;
    private String topic;
    private String group;
    private Writer writer;
    private GroupOffsets offsets;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("slow-rebalance");
        group = topic + "-group";
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
        writer = new Writer(WriterConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic).build());
        offsets = new GroupOffsets(cluster.directBootstrapServers());
        handling = new Handling();
    }

    @AfterEach
    void release() {
        handling.release.countDown();
        writer.close();
        offsets.close();
    }

    @Test
    void groupReaderInASlowMessageLosesItsPartitionWithoutASkipOrAnAppliedStaleCommit() throws Exception {
        rebalanceDuringASlowMessage(member -> new ReaderMember(ReaderConfig.builder()
                .brokers(cluster.bootstrapServers().split(",")).topic(topic).groupId(group).clientId(member).build()));
    }

    @Test
    void springListenerInASlowMessageLosesItsPartitionWithoutASkipOrAnAppliedStaleCommit() throws Exception {
        rebalanceDuringASlowMessage(member -> new SpringMember(new SpringApplicationBuilder(ListenerApp.class)
                .web(WebApplicationType.NONE)
                .properties("kafkago.brokers=" + cluster.bootstrapServers(), "kafkago.client-id=" + member,
                        "it.member=" + member, "it.topic=" + topic, "it.group=" + group)
                .run()));
    }

    private void rebalanceDuringASlowMessage(Function<String, AutoCloseable> startMember) throws Exception {
        writeToEachPartition(MESSAGES_PER_PARTITION);
        try (AutoCloseable slow = startMember.apply(SLOW)) {
            Await.until(PROGRESS, "the slow member in its slow message", () -> handling.slowStarted.getCount() == 0);
            long committedBeforeJoin = committed().getOrDefault(SLOW_PARTITION, 0L);
            assertThat(committedBeforeJoin).as("committed while the slow message is being handled")
                    .isLessThanOrEqualTo(SLOW_OFFSET);
            assertCommittedNotAheadOfHandled();

            try (AutoCloseable joining = startMember.apply(JOINING)) {
                long end = MESSAGES_PER_PARTITION;
                Await.until(PROGRESS, "the joining member handling partition " + SLOW_PARTITION + " to its end and "
                        + "committing it", () -> handledOffsets(JOINING, SLOW_PARTITION).contains(end - 1)
                        && committed().getOrDefault(SLOW_PARTITION, 0L) == end);
                assertThat(handling.of(JOINING).stream().filter(r -> r.partition() == SLOW_PARTITION).findFirst())
                        .as("the joining member's first message of the slow partition: the one after the last commit")
                        .hasValueSatisfying(first -> assertThat(first.offset()).isEqualTo(committedBeforeJoin));
                assertCommittedNotAheadOfHandled();

                handling.release.countDown();
                // The slow member commits the slow message, then reads on in order: once it handled a marker written
                // after the release, that commit was made.
                writer.writeMessages(Message.of(MARKER, MARKER).withPartition(1 - SLOW_PARTITION));
                Await.until(PROGRESS, "the slow member handling the marker",
                        () -> handling.of(SLOW).stream().anyMatch(r -> MARKER.equals(r.id())));
                assertThat(committed().get(SLOW_PARTITION)).as("committed offset of the slow partition after the slow "
                        + "member's commit of its ended generation").isEqualTo(end);
                assertCommittedNotAheadOfHandled();

                writeToEachPartition(MESSAGES_PER_PARTITION / 2);
                Map<Integer, Long> ends = offsets.ends(topic, PARTITIONS);
                Await.until(PROGRESS, "everything handled and committed to " + ends, () -> ends.entrySet().stream()
                        .allMatch(e -> handledOffsets(null, e.getKey()).size() == e.getValue())
                        && committed().equals(ends));
                assertCommittedNotAheadOfHandled();
            }
        }
        System.out.printf("slow handler rebalance: slow member handled %d, joining member %d%n",
                handling.of(SLOW).size(), handling.of(JOINING).size());
        assertThat(handling.errors).as("errors thrown at the application").isEmpty();
    }

    private void writeToEachPartition(int messages) {
        List<Message> batch = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (int i = 0; i < messages; i++) {
                batch.add(Message.of("m" + partition + "-" + i).withPartition(partition));
            }
        }
        writer.writeMessages(batch.toArray(Message[]::new));
    }

    private Map<Integer, Long> committed() {
        return offsets.committed(group, topic);
    }

    /** Offsets of the partition handled by {@code member}, or by anyone for null. */
    private static Set<Long> handledOffsets(String member, int partition) {
        List<DeliveredRecord> records = member == null ? handling.all() : handling.of(member);
        return records.stream().filter(r -> r.partition() == partition).map(DeliveredRecord::offset)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every offset below each committed one was handled by some member (committed first, so never too lenient). */
    private void assertCommittedNotAheadOfHandled() {
        committed().forEach((partition, committed) -> assertThat(handledOffsets(null, partition))
                .as("handled offsets of partition %d below its committed offset %d", partition, committed)
                .containsAll(LongStream.range(0, committed).boxed().toList()));
    }

    /** The handlers of both members: each records what it finished, and the slow member holds the slow message. */
    static final class Handling {
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        /** Exceptions Reader calls threw at the application. */
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        private final Map<String, List<DeliveredRecord>> byMember = new ConcurrentHashMap<>();

        void handle(String member, Message message) throws InterruptedException {
            if (member.equals(SLOW) && message.partition() == SLOW_PARTITION && message.offset() == SLOW_OFFSET
                    && slowStarted.getCount() > 0) {
                slowStarted.countDown();
                release.await();
            }
            byMember.computeIfAbsent(member, m -> new CopyOnWriteArrayList<>())
                    .add(new DeliveredRecord(message.valueAsString(), message.partition(), message.offset()));
        }

        List<DeliveredRecord> of(String member) {
            return byMember.getOrDefault(member, List.of());
        }

        List<DeliveredRecord> all() {
            return byMember.values().stream().flatMap(List::stream).toList();
        }
    }

    /** A plain Reader member: fetch a message, handle it, commit it. */
    private static final class ReaderMember implements AutoCloseable {
        private final Reader reader;
        private final Thread thread;
        private volatile boolean running = true;

        ReaderMember(ReaderConfig config) {
            reader = new Reader(config);
            thread = new Thread(this::consume, "reader-" + config.dialer().clientId());
            thread.setDaemon(true);
            thread.start();
        }

        private void consume() {
            while (running) {
                Message message;
                try {
                    message = reader.fetchMessage(Duration.ofMillis(200));
                } catch (KafkaTimeoutException e) {
                    continue;
                }
                try {
                    handling.handle(reader.config().dialer().clientId(), message);
                    reader.commitMessages(message);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    handling.errors.add(e);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            reader.close();
        }
    }

    /** A Spring application with one {@code @KafkaGoListener}, a member of the group. */
    private record SpringMember(ConfigurableApplicationContext context) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listener.class)
    static class ListenerApp {
    }

    static class Listener {
        private final String member;

        Listener(@Value("${it.member}") String member) {
            this.member = member;
        }

        @KafkaGoListener(id = "slow-rebalance", topics = "${it.topic}", groupId = "${it.group}")
        void on(Message message) throws InterruptedException {
            handling.handle(member, message);
        }
    }
}
