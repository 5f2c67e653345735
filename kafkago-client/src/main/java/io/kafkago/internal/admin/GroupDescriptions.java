package io.kafkago.internal.admin;

import io.kafkago.GroupDescription;
import io.kafkago.TopicPartition;
import io.kafkago.protocol.ProtocolReader;
import io.kafkago.protocol.message.ConsumerProtocolAssignment;
import io.kafkago.protocol.message.DescribeGroupsResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Turns DescribeGroups answers into {@link GroupDescription}s, decoding consumer assignments. */
public final class GroupDescriptions {

    private static final String CONSUMER_PROTOCOL = "consumer";

    private GroupDescriptions() {
    }

    public static GroupDescription describe(DescribeGroupsResponse.DescribedGroup group) {
        List<GroupDescription.Member> members = new ArrayList<>(group.members().size());
        for (var member : group.members()) {
            List<TopicPartition> assignment = CONSUMER_PROTOCOL.equals(group.protocolType())
                    ? assignment(member.memberAssignment()) : List.of();
            members.add(new GroupDescription.Member(member.memberId(), member.groupInstanceId(), member.clientId(),
                    member.clientHost(), assignment));
        }
        return new GroupDescription(group.groupId(), group.groupState(), group.protocolType(), group.protocolData(),
                members);
    }

    /** Decodes a consumer protocol assignment: an int16 version, then the versioned struct. */
    private static List<TopicPartition> assignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        ProtocolReader reader = new ProtocolReader(ByteBuffer.wrap(bytes));
        short version = reader.readInt16();
        short readable = (short) Math.min(version, ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION);
        ConsumerProtocolAssignment decoded = ConsumerProtocolAssignment.read(reader, readable);
        List<TopicPartition> partitions = new ArrayList<>();
        for (var topic : decoded.assignedPartitions()) {
            for (int partition : topic.partitions()) {
                partitions.add(new TopicPartition(topic.topic(), partition));
            }
        }
        partitions.sort(null);
        return partitions;
    }
}
