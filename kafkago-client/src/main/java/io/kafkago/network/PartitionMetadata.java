package io.kafkago.network;

import io.kafkago.ErrorCode;
import java.util.List;

/**
 * One partition as a Metadata response described it, with broker ids rather than brokers.
 *
 * @param topic topic name
 * @param partition partition id
 * @param error partition-level error, e.g. LEADER_NOT_AVAILABLE
 * @param leaderId leader broker id, -1 when there is none
 * @param leaderEpoch leader epoch, -1 when the broker did not send one
 * @param replicaIds replica broker ids
 * @param isrIds in-sync replica broker ids
 * @param offlineIds offline replica broker ids
 */
public record PartitionMetadata(String topic, int partition, ErrorCode error, int leaderId, int leaderEpoch,
                                List<Integer> replicaIds, List<Integer> isrIds, List<Integer> offlineIds) {

    /** Copies the lists. */
    public PartitionMetadata {
        replicaIds = List.copyOf(replicaIds);
        isrIds = List.copyOf(isrIds);
        offlineIds = List.copyOf(offlineIds);
    }
}
