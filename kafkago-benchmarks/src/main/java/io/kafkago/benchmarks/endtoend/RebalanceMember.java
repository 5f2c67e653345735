package io.kafkago.benchmarks.endtoend;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One consumer-group member of the rebalance benchmark, consuming on a thread of its own and noting, for every
 * message, the partition, the time it was handed to the application and the time the broker appended it (the topic
 * has {@code message.timestamp.type=LogAppendTime}; broker and members share this machine's clock).
 */
abstract class RebalanceMember implements AutoCloseable {

    /** How the group rebalances, set the same way for both clients. */
    enum Setting {
        /** Classic protocol, range assignment: every member stops at every rebalance. */
        EAGER,
        /** Classic protocol, cooperative-sticky assignment (KIP-429). */
        COOPERATIVE,
        /** The consumer protocol of KIP-848. */
        CONSUMER
    }

    /** A message handed out: partition, {@code System.nanoTime()} then, and the delay since the broker appended it. */
    record Consumed(int partition, long nanos, long delayMillis) {
    }

    /**
     * How long the application's revoke callback takes, in both clients: flushing state or finishing work in hand
     * before a partition goes, as applications do. Eager rebalancing makes every member wait for it.
     */
    static final long REVOKE_CALLBACK_MILLIS = 500;

    private final List<Consumed> consumed = new ArrayList<>();
    private final Thread thread;
    volatile boolean running = true;

    RebalanceMember(String name) {
        this.thread = new Thread(this::consume, name);
    }

    final void start() {
        thread.start();
    }

    /** Consumes until {@link #running} is cleared, calling {@link #noteConsumed} for each message. */
    abstract void consume();

    /** The partitions the member owns now. */
    abstract Set<Integer> owned();

    final void noteConsumed(int partition, long appendedMillis) {
        long delay = System.currentTimeMillis() - appendedMillis;
        long now = System.nanoTime();
        synchronized (consumed) {
            consumed.add(new Consumed(partition, now, delay));
        }
    }

    /** The application's work when partitions are taken away ({@link #REVOKE_CALLBACK_MILLIS}). */
    static void onRevoke() {
        try {
            Thread.sleep(REVOKE_CALLBACK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What was consumed so far. */
    final List<Consumed> consumed() {
        synchronized (consumed) {
            return List.copyOf(consumed);
        }
    }

    /** Stops consuming and leaves the group. */
    @Override
    public final void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
