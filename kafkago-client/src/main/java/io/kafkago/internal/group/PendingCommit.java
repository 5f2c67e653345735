package io.kafkago.internal.group;

import io.kafkago.TopicPartition;
import java.util.Map;
import java.util.Objects;

/**
 * Offsets to commit for one generation: for each partition, the offset of the next message to
 * consume (last processed offset + 1). The generation travels with the offsets so the commit is
 * sent with the ids of the generation the messages were delivered in, and never with a later one.
 *
 * @param generation generation the offsets belong to
 * @param offsets    next offset to consume per partition; unmodifiable
 * @param messages   how many messages given to {@code commitMessages} these offsets stand for
 *                   (counted as stale commits if the generation ends before they are committed)
 * @param skippedMessages messages left out because the generation that delivered them had
 *                   ended (or they were not delivered in this one)
 */
public record PendingCommit(Generation generation, Map<TopicPartition, Long> offsets, int messages,
                            int skippedMessages) {

    /** Copies the offsets. */
    public PendingCommit {
        Objects.requireNonNull(generation, "generation");
        offsets = Map.copyOf(offsets);
    }

    /** True when there is nothing to commit. */
    public boolean isEmpty() {
        return offsets.isEmpty();
    }
}
