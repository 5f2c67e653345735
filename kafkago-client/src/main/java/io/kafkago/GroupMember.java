package io.kafkago;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A consumer group member as the group leader sees it when assigning partitions: what it
 * subscribed to and what it told the others.
 *
 * @param memberId        member id the coordinator gave it
 * @param groupInstanceId static membership id (KIP-345), or null
 * @param topics          subscribed topics
 * @param userData        bytes from the member's {@link GroupBalancer#userData()}, possibly empty, never null
 * @param rackId          the member's rack from its subscription, or null
 * @param ownedPartitions partitions the member still owns from its last generation (a cooperative member; an eager
 *                        one gave everything up before joining and owns none), for sticky balancers
 * @param generationId    the generation those partitions were assigned in, or -1
 */
public record GroupMember(String memberId, String groupInstanceId, List<String> topics, byte[] userData,
                          String rackId, List<TopicPartition> ownedPartitions, int generationId) {

    private static final byte[] NO_USER_DATA = new byte[0];

    /** Checks the id and copies the lists; null user data becomes empty. */
    public GroupMember {
        Objects.requireNonNull(memberId, "memberId must not be null");
        topics = topics == null ? List.of() : List.copyOf(topics);
        userData = userData == null ? NO_USER_DATA : userData;
        ownedPartitions = ownedPartitions == null ? List.of() : List.copyOf(ownedPartitions);
    }

    /** A member that owns no partitions. */
    public GroupMember(String memberId, String groupInstanceId, List<String> topics, byte[] userData, String rackId) {
        this(memberId, groupInstanceId, topics, userData, rackId, List.of(), -1);
    }

    /** A dynamic member with topics only. */
    public static GroupMember of(String memberId, List<String> topics) {
        return new GroupMember(memberId, null, topics, null, null);
    }

    /** Equal when all fields are, comparing user data by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof GroupMember that && memberId.equals(that.memberId)
                && Objects.equals(groupInstanceId, that.groupInstanceId) && topics.equals(that.topics)
                && Arrays.equals(userData, that.userData) && Objects.equals(rackId, that.rackId)
                && ownedPartitions.equals(that.ownedPartitions) && generationId == that.generationId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(memberId, groupInstanceId, topics, rackId, ownedPartitions, generationId) * 31
                + Arrays.hashCode(userData);
    }

    @Override
    public String toString() {
        return "GroupMember[memberId=" + memberId + ", groupInstanceId=" + groupInstanceId + ", topics=" + topics
                + ", userData=" + userData.length + " bytes, rackId=" + rackId + ", ownedPartitions=" + ownedPartitions
                + ", generationId=" + generationId + "]";
    }
}
