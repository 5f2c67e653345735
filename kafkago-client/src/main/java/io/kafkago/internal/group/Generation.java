package io.kafkago.internal.group;

import io.kafkago.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One generation of group membership as this member saw it after a successful JoinGroup and
 * SyncGroup: the ids every OffsetCommit and Heartbeat of the generation must carry, and the
 * partitions the leader assigned to this member.
 *
 * @param generationId    generation id from JoinGroup
 * @param memberId        member id the coordinator gave this member
 * @param groupInstanceId static member id, or null for a dynamic member
 * @param assignment      partitions assigned to this member in this generation, sorted
 */
public record Generation(int generationId, String memberId, String groupInstanceId, List<TopicPartition> assignment) {

    /** Checks the ids and copies the assignment into a sorted unmodifiable list. */
    public Generation {
        Objects.requireNonNull(memberId, "memberId");
        assignment = assignment.stream().sorted().toList();
    }

    /** The same ids with another assignment. */
    public Generation withAssignment(Collection<TopicPartition> partitions) {
        return new Generation(generationId, memberId, groupInstanceId, List.copyOf(partitions));
    }
}
