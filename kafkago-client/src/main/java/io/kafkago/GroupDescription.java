package io.kafkago;

import java.util.List;

/**
 * A consumer group as {@link Client#describeGroups} reports it.
 *
 * @param groupId group id
 * @param state state such as {@code Stable}, {@code Empty}, {@code Dead}
 * @param protocolType {@code consumer} for consumer groups
 * @param protocol the chosen assignor, e.g. {@code range}
 * @param members current members with their assignments
 */
public record GroupDescription(String groupId, String state, String protocolType, String protocol,
                               List<Member> members) {

    /** Copies the member list. */
    public GroupDescription {
        members = List.copyOf(members);
    }

    /**
     * One member of a group.
     *
     * @param memberId member id the coordinator assigned
     * @param groupInstanceId static member id, or null
     * @param clientId the member's client id
     * @param clientHost the member's host as the broker saw it
     * @param assignment partitions assigned to it (consumer groups; empty otherwise)
     */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         List<TopicPartition> assignment) {

        /** Copies the assignment. */
        public Member {
            assignment = List.copyOf(assignment);
        }
    }
}
