package io.kafkago;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends consecutive messages of a topic to one partition until {@code switchBytes} of key and
 * value bytes went there, then moves to another partition chosen at random. This is the idea of
 * Kafka's sticky partitioning (KIP-480, KIP-794) for messages without a key: batches fill up, so
 * fewer and larger requests carry the same data, while over time all partitions get a share.
 * Keys are ignored. Each topic ({@link Message#topic()}, null standing for the writer's topic)
 * sticks on its own. Thread-safe: calls are serialised on the balancer.
 */
public final class StickyBalancer implements Balancer {

    /** Default bytes sent to a partition before switching: {@value}, Kafka's default batch size. */
    public static final int DEFAULT_SWITCH_BYTES = 16 * 1024;

    private final int switchBytes;
    private final Map<String, Stick> sticksByTopic = new HashMap<>();

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
        Stick stick = sticksByTopic.computeIfAbsent(message.topic(), topic -> new Stick());
        int currentIndex = stick.partition < 0 ? -1 : Balancing.indexOf(partitions, stick.partition);
        if (currentIndex < 0 || stick.bytes >= switchBytes) {
            stick.partition = partitions[nextIndex(currentIndex, partitions.length)];
            stick.bytes = 0;
        }
        stick.bytes += Balancing.payloadBytes(message);
        return stick.partition;
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

    /** Where one topic currently sticks and how many bytes went there. */
    private static final class Stick {
        private int partition = -1;
        private long bytes;
    }
}
