package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterConfigTest {

    @Test
    void hasDocumentedDefaults() {
        EmbeddedKafkaClusterConfig config = EmbeddedKafkaClusterConfig.builder().build();
        assertThat(config.brokers()).isEqualTo(EmbeddedKafkaClusterConfig.DEFAULT_BROKERS);
        assertThat(config.operationTimeout()).isEqualTo(EmbeddedKafkaClusterConfig.DEFAULT_OPERATION_TIMEOUT);
        assertThat(config.brokerProperties()).isEmpty();
    }

    @Test
    void toBuilderKeepsEverySetting() {
        EmbeddedKafkaClusterConfig config = EmbeddedKafkaClusterConfig.builder().brokers(3)
                .brokerProperty("log.retention.ms", "1000").operationTimeout(Duration.ofSeconds(5)).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().brokerProperty("num.partitions", "4").build().brokerProperties())
                .containsEntry("log.retention.ms", "1000").containsEntry("num.partitions", "4");
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> EmbeddedKafkaClusterConfig.builder().brokers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokers");
        assertThatThrownBy(() -> EmbeddedKafkaClusterConfig.builder().operationTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operationTimeout");
        assertThatThrownBy(() -> EmbeddedKafkaClusterConfig.builder().brokerProperty(" ", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
