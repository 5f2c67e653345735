package io.kafkago;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Spreads messages evenly: each partition in turn receives {@code chunkSize} consecutive
 * messages (one by default). Keys are ignored. Thread-safe and lock-free.
 */
public final class RoundRobin implements Balancer {

    /** Default number of consecutive messages per partition: {@value}. */
    public static final int DEFAULT_CHUNK_SIZE = 1;

    private final int chunkSize;
    private final AtomicLong counter = new AtomicLong();

    /** Round robin one message at a time. */
    public RoundRobin() {
        this(DEFAULT_CHUNK_SIZE);
    }

    /**
     * Round robin in chunks: larger chunks give larger batches per partition.
     *
     * @param chunkSize consecutive messages per partition, at least 1
     */
    public RoundRobin(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    @Override
    public int balance(Message message, int[] partitions) {
        Balancing.requirePartitions(partitions);
        long turn = counter.getAndIncrement() / chunkSize;
        return partitions[(int) Long.remainderUnsigned(turn, partitions.length)];
    }

    @Override
    public String toString() {
        return "RoundRobin[chunkSize=" + chunkSize + "]";
    }
}
