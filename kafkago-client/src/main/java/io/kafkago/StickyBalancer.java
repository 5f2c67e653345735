package io.kafkago;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends consecutive messages to one partition until {@code switchBytes} of key and value bytes
 * went there, then moves to another partition chosen at random. This is the idea of Kafka's
 * sticky partitioning (KIP-480, KIP-794) for messages without a key: batches fill up, so fewer
 * and larger requests carry the same data, while over time all partitions get a share. Keys
 * are ignored. Thread-safe: calls are serialised on the balancer.
 */
public final class StickyBalancer implements Balancer {

    /** Default bytes sent to a partition before switching: {@value}, Kafka's default batch size. */
    public static final int DEFAULT_SWITCH_BYTES = 16 * 1024;

    private final int switchBytes;
    private int current = -1;
    private long bytesOnCurrent;

    /** Switches after {@link #DEFAULT_SWITCH_BYTES}. */
    public StickyBalancer() {
        this(DEFAULT_SWITCH_BYTES);
    }

    /**
     * Switches partitions after {@code switchBytes} bytes.
     *
     * @param switchBytes bytes per partition before switching, at least 1
     */
    public StickyBalancer(int switchBytes) {
        if (switchBytes < 1) {
            throw new IllegalArgumentException("switchBytes must be at least 1, got " + switchBytes);
        }
        this.switchBytes = switchBytes;
    }

    @Override
    public synchronized int balance(Message message, int[] partitions) {
        Balancing.requirePartitions(partitions);
        int currentIndex = current < 0 ? -1 : Balancing.indexOf(partitions, current);
        if (currentIndex < 0 || bytesOnCurrent >= switchBytes) {
            current = partitions[nextIndex(currentIndex, partitions.length)];
            bytesOnCurrent = 0;
        }
        bytesOnCurrent += Balancing.payloadBytes(message);
        return current;
    }

    /** A random index other than {@code previous} when there is a choice. */
    private static int nextIndex(int previous, int count) {
        if (count == 1) {
            return 0;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (previous < 0) {
            return random.nextInt(count);
        }
        int pick = random.nextInt(count - 1);
        return pick >= previous ? pick + 1 : pick;
    }

    @Override
    public String toString() {
        return "StickyBalancer[switchBytes=" + switchBytes + "]";
    }
}
