package io.kafkago;

import java.util.Set;

/**
 * Told about a group member's partitions changing: {@code ReaderConfig.onPartitionsAssigned}
 * after a rebalance gave partitions, {@code onPartitionsRevoked} before they are taken away
 * (the last chance to commit for them), {@code onPartitionsLost} after the member lost them
 * without giving them up (fenced: nothing more can be committed for them). With incremental
 * rebalancing (the consumer protocol, cooperative balancing) each call names only the partitions
 * added or taken away. Runs on the reader's group thread: keep it short.
 */
@FunctionalInterface
public interface PartitionsListener {

    /** A listener that does nothing, the default. */
    PartitionsListener NONE = partitions -> { };

    /**
     * Receives the partitions concerned.
     *
     * @param partitions unmodifiable, possibly empty
     */
    void onPartitions(Set<TopicPartition> partitions);
}
