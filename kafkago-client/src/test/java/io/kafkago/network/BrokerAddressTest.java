package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaConfigException;
import io.kafkago.sasl.Scram;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerAddressTest {

    @Test
    void parsesHostNamesIpv4AndBracketedIpv6() {
        assertThat(BrokerAddress.parse("localhost:9092")).isEqualTo(new BrokerAddress("localhost", 9092));
        assertThat(BrokerAddress.parse(" 10.0.0.1:19092 ")).isEqualTo(new BrokerAddress("10.0.0.1", 19092));
        BrokerAddress v6 = BrokerAddress.parse("[::1]:9093");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6).hasToString("[::1]:9093");
    }

    @Test
    void rejectsAddressesWithoutAUsablePort() {
        for (String bad : new String[] {"localhost", "localhost:", ":9092", "host:abc", "host:0", "host:70000", "::1:9092"}) {
            assertThatThrownBy(() -> BrokerAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void settingsAreValidatedAndHideSecrets() {
        assertThatThrownBy(() -> new ConnectionSettings("id", Duration.ZERO, Duration.ofSeconds(1), null, null, 4096,
                ConnectionSettings.SOFTWARE_NAME, ConnectionSettings.SOFTWARE_VERSION))
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("dialTimeout");
        assertThatThrownBy(() -> new ConnectionSettings("id", Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, 10,
                ConnectionSettings.SOFTWARE_NAME, ConnectionSettings.SOFTWARE_VERSION))
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("maxResponseSize");
        ConnectionSettings settings = new ConnectionSettings("id", Duration.ofSeconds(1), Duration.ofSeconds(1), null,
                Scram.sha256("alice", "top-secret"), 4096, ConnectionSettings.SOFTWARE_NAME,
                ConnectionSettings.SOFTWARE_VERSION);
        assertThat(settings.toString()).contains("SCRAM-SHA-256").doesNotContain("top-secret").doesNotContain("alice");
    }
}
