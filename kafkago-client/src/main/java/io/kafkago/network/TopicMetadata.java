package io.kafkago.network;

import io.kafkago.ErrorCode;
import java.util.List;
import java.util.UUID;

/**
 * One topic as a Metadata response described it.
 *
 * @param name topic name
 * @param topicId topic id (zero UUID when the broker did not send one)
 * @param error the topic-level error, {@code ErrorCode.NONE} when the topic is usable
 * @param internal whether it is an internal topic such as {@code __consumer_offsets}
 * @param partitions partitions in id order
 */
public record TopicMetadata(String name, UUID topicId, ErrorCode error, boolean internal,
                            List<PartitionMetadata> partitions) {

    /** Copies the partition list. */
    public TopicMetadata {
        partitions = List.copyOf(partitions);
    }

    /** The partition with this id, or null. */
    public PartitionMetadata partition(int id) {
        if (id >= 0 && id < partitions.size() && partitions.get(id).partition() == id) {
            return partitions.get(id);
        }
        for (PartitionMetadata partition : partitions) {
            if (partition.partition() == id) {
                return partition;
            }
        }
        return null;
    }
}
