package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private static BrokerSettings settings(Map<String, String> properties, Map<String, String> environment) {
        return BrokerSettings.from(properties::get, environment::get);
    }

    @Test
    void defaultsToTheEmbeddedBroker() {
        BrokerSettings settings = settings(Map.of(), Map.of());
        assertThat(settings.mode()).isEqualTo(BrokerMode.EMBEDDED);
        assertThat(settings.externalAddress()).isEmpty();
        assertThat(settings.image()).isEqualTo(TestcontainersKafkaCluster.DEFAULT_IMAGE);
    }

    @Test
    void anAddressAloneSelectsTheExternalBroker() {
        BrokerSettings settings = settings(Map.of(), Map.of("KAFKAGO_TEST_BROKERS", " ci-kafka:9092 "));
        assertThat(settings.mode()).isEqualTo(BrokerMode.EXTERNAL);
        assertThat(settings.externalAddress()).isEqualTo(Optional.of("ci-kafka:9092"));
    }

    @Test
    void systemPropertiesWinOverEnvironmentVariables() {
        BrokerSettings settings = settings(
                Map.of("kafkago.test.broker", "Embedded", "kafkago.test.image", "apache/kafka:4.0.0"),
                Map.of("KAFKAGO_TEST_BROKER", "testcontainers", "KAFKAGO_TEST_BROKERS", "elsewhere:9092"));
        assertThat(settings.mode()).isEqualTo(BrokerMode.EMBEDDED);
        assertThat(settings.image()).isEqualTo("apache/kafka:4.0.0");
    }

    @Test
    void selectsTestcontainersByName() {
        assertThat(settings(Map.of(), Map.of("KAFKAGO_TEST_BROKER", "TESTCONTAINERS")).mode())
                .isEqualTo(BrokerMode.TESTCONTAINERS);
    }

    @Test
    void rejectsAnUnknownModeNamingTheChoices() {
        assertThatThrownBy(() -> settings(Map.of("kafkago.test.broker", "docker"), Map.of()))
                .isInstanceOf(KafkaTestSetupException.class)
                .hasMessageContaining("docker")
                .hasMessageContaining("embedded, testcontainers, external, process");
    }

    @Test
    void rejectsExternalModeWithoutAnAddress() {
        assertThatThrownBy(() -> settings(Map.of(), Map.of("KAFKAGO_TEST_BROKER", "external", "KAFKAGO_TEST_BROKERS", " ")))
                .isInstanceOf(KafkaTestSetupException.class)
                .hasMessageContaining("KAFKAGO_TEST_BROKERS");
    }
}
