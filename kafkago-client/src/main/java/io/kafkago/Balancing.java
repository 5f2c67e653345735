package io.kafkago;

/** Small helpers shared by the balancers. */
final class Balancing {

    private Balancing() {
    }

    /** Bytes of key and value, the measure balancers count (headers are small and ignored). */
    static long payloadBytes(Message message) {
        byte[] key = message.key();
        byte[] value = message.value();
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }

    /** Index of {@code partition} in the ascending {@code partitions}, or -1 when absent. */
    static int indexOf(int[] partitions, int partition) {
        int low = 0;
        int high = partitions.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int candidate = partitions[middle];
            if (candidate < partition) {
                low = middle + 1;
            } else if (candidate > partition) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    /** Rejects an empty partition list with a clear message instead of an index error. */
    static void requirePartitions(int[] partitions) {
        if (partitions == null || partitions.length == 0) {
            throw new IllegalArgumentException("a balancer needs at least one partition");
        }
    }
}
