package io.kafkago;

/**
 * Chooses the partition a {@code Writer} sends a message to.
 *
 * <p>The writer calls {@link #balance} once per message that has no partition of its own, so
 * implementations must be cheap and must not allocate per call. A writer may call from
 * several threads at once: implementations must be thread-safe. One balancer instance may be
 * shared by several topics, but stateful balancers ({@link RoundRobin}, {@link LeastBytes},
 * {@link StickyBalancer}) then keep one state across all of them.
 */
@FunctionalInterface
public interface Balancer {

    /**
     * Picks the partition for {@code message}.
     *
     * @param message    the message being written (its key decides for hashing balancers)
     * @param partitions ids of the topic's partitions in ascending order, never empty; the writer
     *                   passes every partition of the topic so key hashing agrees with other
     *                   clients. The array must not be modified or kept.
     * @return one of the values in {@code partitions}
     */
    int balance(Message message, int[] partitions);
}
