package io.kafkago;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends each message to the partition that has received the fewest key and value bytes from
 * this balancer so far (the lowest id wins ties), which evens out load when message sizes vary.
 * Keys are ignored. Each topic ({@link Message#topic()}, null standing for the writer's topic)
 * is counted on its own. Thread-safe: calls are serialised on the balancer.
 */
public final class LeastBytes implements Balancer {

    private final Map<String, long[]> bytesByTopic = new HashMap<>();

    @Override
    public synchronized int balance(Message message, int[] partitions) {
        Balancing.requirePartitions(partitions);
        long[] bytesByPartition = countersFor(message.topic(), partitions[partitions.length - 1]);
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

    /** Bytes this balancer has sent to {@code partition} of {@code topic} (null: the writer's topic) so far. */
    public synchronized long bytesSent(String topic, int partition) {
        long[] counters = bytesByTopic.get(topic);
        return counters != null && partition >= 0 && partition < counters.length ? counters[partition] : 0;
    }

    /** The topic's counters, grown to hold {@code highestPartition}. */
    private long[] countersFor(String topic, int highestPartition) {
        long[] counters = bytesByTopic.get(topic);
        if (counters == null || highestPartition >= counters.length) {
            int size = Math.max(highestPartition + 1, counters == null ? 16 : counters.length * 2);
            counters = counters == null ? new long[size] : Arrays.copyOf(counters, size);
            bytesByTopic.put(topic, counters);
        }
        return counters;
    }

    @Override
    public String toString() {
        return "LeastBytes";
    }
}
