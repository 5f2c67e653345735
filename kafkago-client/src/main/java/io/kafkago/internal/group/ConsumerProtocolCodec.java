package io.kafkago.internal.group;

import io.kafkago.GroupMember;
import io.kafkago.KafkaProtocolException;
import io.kafkago.TopicPartition;
import io.kafkago.protocol.ProtocolReader;
import io.kafkago.protocol.ProtocolWriter;
import io.kafkago.protocol.message.ConsumerProtocolAssignment;
import io.kafkago.protocol.message.ConsumerProtocolSubscription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes inside JoinGroup and SyncGroup for the classic "consumer" protocol: a member's
 * subscription (JoinGroup protocol metadata) and its assignment (SyncGroup assignment), each an
 * int16 version followed by the struct of Kafka's ConsumerProtocolSubscription /
 * ConsumerProtocolAssignment in that version. Newer versions only append fields, so bytes of a
 * version above the newest known one are read as the newest known one, as Kafka's clients do.
 */
public final class ConsumerProtocolCodec {

    /** The protocol type every consumer group member announces in JoinGroup. */
    public static final String PROTOCOL_TYPE = "consumer";

    private ConsumerProtocolCodec() {
    }

    /**
     * Encodes a subscription in the newest version (3).
     *
     * @param topics       subscribed topics
     * @param userData     the balancer's user data (may be empty)
     * @param owned        partitions owned in the last generation (for sticky balancers)
     * @param generationId that generation's id, or -1
     * @param rackId       the member's rack, or null
     */
    public static byte[] encodeSubscription(List<String> topics, byte[] userData, List<TopicPartition> owned,
                                            int generationId, String rackId) {
        ConsumerProtocolSubscription subscription = new ConsumerProtocolSubscription()
                .setTopics(List.copyOf(topics))
                .setUserData(userData)
                .setOwnedPartitions(toSubscriptionPartitions(owned))
                .setGenerationId(generationId)
                .setRackId(rackId);
        short version = ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION;
        ProtocolWriter out = new ProtocolWriter(128);
        out.writeInt16(version);
        subscription.write(out, version);
        return out.toByteArray();
    }

    /**
     * Decodes a member's subscription as the group leader receives it.
     *
     * @throws KafkaProtocolException when the bytes are not a subscription
     */
    public static GroupMember decodeSubscription(String memberId, String groupInstanceId, byte[] metadata) {
        ProtocolReader in = reader(metadata, "subscription of member " + memberId);
        short version = readVersion(in, ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION, "subscription");
        ConsumerProtocolSubscription subscription = ConsumerProtocolSubscription.read(in, version);
        List<TopicPartition> owned = new ArrayList<>();
        if (subscription.ownedPartitions() != null) {
            for (ConsumerProtocolSubscription.TopicPartition topic : subscription.ownedPartitions()) {
                topic.partitions().forEach(partition -> owned.add(new TopicPartition(topic.topic(), partition)));
            }
        }
        return new GroupMember(memberId, groupInstanceId, subscription.topics(), subscription.userData(),
                subscription.rackId(), owned, subscription.generationId());
    }

    /** Encodes one member's assignment (topic to partition ids) in the newest version. */
    public static byte[] encodeAssignment(Map<String, List<Integer>> partitionsByTopic) {
        List<ConsumerProtocolAssignment.TopicPartition> assigned = new ArrayList<>(partitionsByTopic.size());
        partitionsByTopic.forEach((topic, partitions) -> assigned.add(new ConsumerProtocolAssignment.TopicPartition()
                .setTopic(topic).setPartitions(List.copyOf(partitions))));
        ConsumerProtocolAssignment assignment = new ConsumerProtocolAssignment().setAssignedPartitions(assigned);
        short version = ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION;
        ProtocolWriter out = new ProtocolWriter(64);
        out.writeInt16(version);
        assignment.write(out, version);
        return out.toByteArray();
    }

    /**
     * Decodes the assignment SyncGroup returned; empty bytes (the leader assigned nothing) mean
     * no partitions.
     *
     * @throws KafkaProtocolException when the bytes are not an assignment
     */
    public static List<TopicPartition> decodeAssignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        ProtocolReader in = reader(bytes, "assignment");
        short version = readVersion(in, ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION, "assignment");
        ConsumerProtocolAssignment assignment = ConsumerProtocolAssignment.read(in, version);
        List<TopicPartition> partitions = new ArrayList<>();
        for (ConsumerProtocolAssignment.TopicPartition topic : assignment.assignedPartitions()) {
            for (int partition : topic.partitions()) {
                partitions.add(new TopicPartition(topic.topic(), partition));
            }
        }
        return partitions;
    }

    private static List<ConsumerProtocolSubscription.TopicPartition> toSubscriptionPartitions(List<TopicPartition> owned) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        owned.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<ConsumerProtocolSubscription.TopicPartition> result = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> result.add(new ConsumerProtocolSubscription.TopicPartition()
                .setTopic(topic).setPartitions(partitions)));
        return result;
    }

    private static ProtocolReader reader(byte[] bytes, String what) {
        if (bytes == null || bytes.length < 2) {
            throw new KafkaProtocolException(what + " has " + (bytes == null ? "no" : bytes.length) + " bytes, needs a version");
        }
        return new ProtocolReader(ByteBuffer.wrap(bytes));
    }

    private static short readVersion(ProtocolReader in, short newestKnown, String what) {
        short version = in.readInt16();
        if (version < 0) {
            throw new KafkaProtocolException(what + " has negative version " + version);
        }
        return (short) Math.min(version, newestKnown);
    }
}
