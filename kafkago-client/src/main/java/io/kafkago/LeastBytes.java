package io.kafkago;

import java.util.Arrays;

/**
 * Sends each message to the partition that has received the fewest key and value bytes from
 * this balancer so far (the lowest id wins ties), which evens out load when message sizes vary.
 * Keys are ignored. Thread-safe: calls are serialised on the balancer.
 */
public final class LeastBytes implements Balancer {

    private long[] bytesByPartition = new long[16];

    @Override
    public synchronized int balance(Message message, int[] partitions) {
        Balancing.requirePartitions(partitions);
        int highest = partitions[partitions.length - 1];
        if (highest >= bytesByPartition.length) {
            bytesByPartition = Arrays.copyOf(bytesByPartition, Math.max(highest + 1, bytesByPartition.length * 2));
        }
        int chosen = partitions[0];
        long fewest = bytesByPartition[chosen];
        for (int i = 1; i < partitions.length; i++) {
            long written = bytesByPartition[partitions[i]];
            if (written < fewest) {
                fewest = written;
                chosen = partitions[i];
            }
        }
        bytesByPartition[chosen] = fewest + Balancing.payloadBytes(message);
        return chosen;
    }

    /** Bytes this balancer has sent to {@code partition} so far. */
    public synchronized long bytesSent(int partition) {
        return partition >= 0 && partition < bytesByPartition.length ? bytesByPartition[partition] : 0;
    }

    @Override
    public String toString() {
        return "LeastBytes";
    }
}
