package io.kafkago.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.GroupMember;
import io.kafkago.KafkaException;
import io.kafkago.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

/** Subscription and assignment bytes checked against kafka-clients' own ConsumerProtocol, both ways. */
class ConsumerProtocolCodecTest {

    private static final byte[] USER_DATA = "sticky-state".getBytes(StandardCharsets.UTF_8);

    @Test
    void kafkaClientsReadsOurSubscription() {
        byte[] bytes = ConsumerProtocolCodec.encodeSubscription(List.of("orders", "payments"), USER_DATA,
                List.of(new TopicPartition("orders", 2), new TopicPartition("orders", 0)), 7, "rack-a");

        ConsumerPartitionAssignor.Subscription subscription = ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(bytes));

        assertThat(subscription.topics()).containsExactly("orders", "payments");
        assertThat(bytesOf(subscription.userData())).isEqualTo(USER_DATA);
        assertThat(subscription.ownedPartitions()).containsExactly(
                new org.apache.kafka.common.TopicPartition("orders", 2), new org.apache.kafka.common.TopicPartition("orders", 0));
        assertThat(subscription.generationId()).contains(7);
        assertThat(subscription.rackId()).contains("rack-a");
    }

    @Test
    void weReadKafkaClientsSubscriptionsOfEveryVersion() {
        ConsumerPartitionAssignor.Subscription theirs = new ConsumerPartitionAssignor.Subscription(List.of("t"),
                ByteBuffer.wrap(USER_DATA), List.of(new org.apache.kafka.common.TopicPartition("t", 1)), 3,
                Optional.of("rack-b"));
        for (short version = 0; version <= 3; version++) {
            byte[] bytes = bytesOf(ConsumerProtocol.serializeSubscription(theirs, version));

            GroupMember member = ConsumerProtocolCodec.decodeSubscription("m-1", "static-1", bytes);

            assertThat(member.memberId()).isEqualTo("m-1");
            assertThat(member.groupInstanceId()).isEqualTo("static-1");
            assertThat(member.topics()).containsExactly("t");
            assertThat(member.userData()).isEqualTo(USER_DATA);
            assertThat(member.rackId()).isEqualTo(version >= 3 ? "rack-b" : null);
        }
    }

    @Test
    void assignmentsRoundTripWithKafkaClients() {
        byte[] ours = ConsumerProtocolCodec.encodeAssignment(Map.of("orders", List.of(0, 3)));
        ConsumerPartitionAssignor.Assignment read = ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(ours));
        assertThat(read.partitions()).containsExactly(new org.apache.kafka.common.TopicPartition("orders", 0),
                new org.apache.kafka.common.TopicPartition("orders", 3));

        for (short version = 0; version <= 3; version++) {
            byte[] theirs = bytesOf(ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(
                    List.of(new org.apache.kafka.common.TopicPartition("a", 1),
                            new org.apache.kafka.common.TopicPartition("b", 0))), version));
            assertThat(ConsumerProtocolCodec.decodeAssignment(theirs))
                    .containsExactly(new TopicPartition("a", 1), new TopicPartition("b", 0));
        }
    }

    @Test
    void newerVersionsAreReadAsTheNewestKnownOne() {
        byte[] bytes = ConsumerProtocolCodec.encodeAssignment(Map.of("t", List.of(5)));
        bytes[0] = 0;
        bytes[1] = 9; // a future version that only appends fields
        assertThat(ConsumerProtocolCodec.decodeAssignment(bytes)).containsExactly(new TopicPartition("t", 5));
    }

    @Test
    void emptyAssignmentMeansNoPartitionsAndBadBytesAreRejected() {
        assertThat(ConsumerProtocolCodec.decodeAssignment(new byte[0])).isEmpty();
        assertThatThrownBy(() -> ConsumerProtocolCodec.decodeAssignment(new byte[] {0}))
                .isInstanceOf(KafkaException.class);
        assertThatThrownBy(() -> ConsumerProtocolCodec.decodeAssignment(new byte[] {-1, -1, 0, 0, 0, 1}))
                .isInstanceOf(KafkaException.class).hasMessageContaining("negative version");
        assertThatThrownBy(() -> ConsumerProtocolCodec.decodeSubscription("m", null, new byte[] {0, 0, 0x7f, -1, -1, -1}))
                .isInstanceOf(KafkaException.class);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
