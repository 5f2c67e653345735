package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.test.Await;
import io.kafkago.test.fault.DeliveredRecord;
import io.kafkago.test.fault.DeliveryChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The members of one consumer group reading while a scenario breaks brokers, each a kafkago group {@link Reader} on its
 * own thread doing what an at-least-once application does: fetch a message, take what else is already fetched (up to
 * {@value #BATCH} in all), handle the batch (record it as consumed) and commit it with one {@code commitMessages}
 * call. Every exception a Reader call throws at the application is recorded, and {@link #assertConsumedAtLeastOnce}
 * checks the outcome.
 *
 * <p>Progress is measured in committed messages ({@link #awaitCommitted}), completion in offsets: every offset below a
 * partition's end consumed at least once ({@link #awaitConsumedBelow}).
 */
final class GroupMembers implements AutoCloseable {

    /** Most messages handled and committed together. */
    private static final int BATCH = 500;

    private static final Duration POLL = Duration.ofMillis(200);

    private final List<Reader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<DeliveredRecord> consumed = new ConcurrentLinkedQueue<>();
    /** Per partition, the offsets consumed at least once. */
    private final Map<Integer, BitSet> consumedOffsets = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong committed = new AtomicLong();
    private volatile boolean running = true;

    private GroupMembers() {
    }

    /** Starts {@code members} Readers made from {@code config} (which names the group), each on its own thread. */
    static GroupMembers start(ReaderConfig config, int members) {
        GroupMembers group = new GroupMembers();
        for (int i = 0; i < members; i++) {
            Reader reader = new Reader(config);
            group.readers.add(reader);
            Thread thread = new Thread(() -> group.consume(reader), "group-member-" + i);
            thread.setDaemon(true);
            group.threads.add(thread);
            thread.start();
        }
        return group;
    }

    private void consume(Reader reader) {
        List<Message> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                batch.clear();
                batch.add(reader.fetchMessage(POLL));
                while (batch.size() < BATCH) {
                    batch.add(reader.fetchMessage(Duration.ZERO));
                }
            } catch (KafkaTimeoutException e) {
                // nothing (more) fetched right now: handle what there is
            } catch (RuntimeException e) {
                errors.add(e); // and still handle what was fetched before: it was delivered
            }
            if (batch.isEmpty()) {
                continue;
            }
            batch.forEach(this::handle);
            try {
                reader.commitMessages(batch);
                committed.addAndGet(batch.size());
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
    }

    private void handle(Message message) {
        consumed.add(new DeliveredRecord(message.valueAsString(), message.partition(), message.offset()));
        BitSet offsets = consumedOffsets.computeIfAbsent(message.partition(), p -> new BitSet());
        synchronized (offsets) {
            offsets.set(Math.toIntExact(message.offset()));
        }
    }

    /** Waits until {@code more} messages beyond those committed now were committed. */
    void awaitCommitted(int more, Duration bound) {
        long target = committed.get() + more;
        Await.until(bound, target + " committed messages (have " + committed.get() + ", errors " + errors + ")",
                () -> committed.get() >= target);
    }

    /** Waits until every offset below each partition's end in {@code ends} was consumed at least once. */
    void awaitConsumedBelow(Map<Integer, Long> ends, Duration bound) {
        awaitConsumed(Map.of(), ends, bound);
    }

    /**
     * Waits until, in each partition of {@code ends}, every offset from its offset in {@code starts} (0 if absent) up
     * to its end was consumed at least once.
     */
    void awaitConsumed(Map<Integer, Long> starts, Map<Integer, Long> ends, Duration bound) {
        Await.until(bound, "every offset from " + starts + " below " + ends + " consumed (errors " + errors + ")",
                () -> ends.entrySet().stream().allMatch(end -> consumedBetween(end.getKey(),
                        starts.getOrDefault(end.getKey(), 0L), end.getValue())));
    }

    private boolean consumedBetween(int partition, long start, long end) {
        BitSet offsets = consumedOffsets.get(partition);
        if (offsets == null) {
            return start >= end;
        }
        synchronized (offsets) {
            return offsets.nextClearBit(Math.toIntExact(start)) >= end;
        }
    }

    /** Every delivery to the application, duplicates included. */
    List<DeliveredRecord> consumed() {
        return List.copyOf(consumed);
    }

    /** Deliveries beyond the first of each offset. */
    private long redeliveries() {
        long distinct = consumedOffsets.values().stream().mapToLong(offsets -> {
            synchronized (offsets) {
                return offsets.cardinality();
            }
        }).sum();
        return consumed.size() - distinct;
    }

    /**
     * Messages whose commit the members' Readers dropped because the generation that delivered them had ended: the
     * uncommitted messages a rebalance hands to the partitions' next owner, so the most that may be redelivered.
     */
    private long staleCommits() {
        return readers.stream().mapToLong(reader -> reader.stats().staleCommits()).sum();
    }

    /** Rebalances the members went through. */
    private long rebalances() {
        return readers.stream().mapToLong(reader -> reader.stats().rebalances()).sum();
    }

    /** Failed attempts the members' Readers retried (or gave up on) internally: how hard the fault hit them. */
    private long retriedErrors() {
        return readers.stream().mapToLong(reader -> reader.stats().errors()).sum();
    }

    /** Exceptions Reader calls threw at the application. */
    List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /** What the members consumed and went through, for a scenario's report. */
    String summary() {
        return "consumed " + consumed.size() + " (" + redeliveries() + " redelivered, " + staleCommits()
                + " stale commits, " + rebalances() + " rebalances, " + retriedErrors() + " errors retried)";
    }

    /**
     * The at-least-once check of what the group consumed: no exception reached the application, every message
     * {@code checker} recorded as acknowledged was consumed, and no more were redelivered than rebalances left
     * uncommitted.
     */
    void assertConsumedAtLeastOnce(DeliveryChecker checker) {
        assertThat(errors()).as("errors thrown at the consuming application").isEmpty();
        assertThat(checker.check(consumed()).lost()).as("acknowledged messages the group never consumed").isEmpty();
        assertThat(redeliveries()).as("redeliveries beyond what rebalances left uncommitted")
                .isLessThanOrEqualTo(staleCommits());
    }

    /** Lets each member finish (and commit) its batch, then closes the Readers, which leave the group. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        readers.forEach(Reader::close);
    }
}
