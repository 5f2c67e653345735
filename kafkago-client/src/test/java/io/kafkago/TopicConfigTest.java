package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicConfigTest {

    @Test
    void defaultsLeaveCountsToTheBroker() {
        TopicConfig config = TopicConfig.builder("orders").build();

        assertThat(config.topic()).isEqualTo("orders");
        assertThat(config.numPartitions()).isEqualTo(-1);
        assertThat(config.replicationFactor()).isEqualTo((short) -1);
        assertThat(config.replicaAssignments()).isEmpty();
        assertThat(config.configEntries()).isEmpty();
    }

    @Test
    void toBuilderRoundTrips() {
        TopicConfig config = TopicConfig.builder("orders").numPartitions(6).replicationFactor(3)
                .config("cleanup.policy", "compact").config("retention.ms", "1000").build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.configEntries()).containsExactlyInAnyOrderEntriesOf(
                Map.of("cleanup.policy", "compact", "retention.ms", "1000"));

        TopicConfig placed = TopicConfig.builder("placed").replicaAssignment(0, List.of(1, 2))
                .replicaAssignment(1, List.of(2, 1)).build();
        assertThat(placed.toBuilder().build()).isEqualTo(placed);
        assertThat(placed.replicaAssignments()).containsEntry(1, List.of(2, 1));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> TopicConfig.builder("").build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("topic name is required");
        assertThatThrownBy(() -> TopicConfig.builder("t").numPartitions(0).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("numPartitions");
        assertThatThrownBy(() -> TopicConfig.builder("t").replicationFactor(-2).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("replicationFactor");
        assertThatThrownBy(() -> TopicConfig.builder("t").numPartitions(3).replicaAssignment(0, List.of(1)).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("must stay -1");
        assertThatThrownBy(() -> TopicConfig.builder("t").replicaAssignment(0, List.of()).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("at least one broker");
    }
}
