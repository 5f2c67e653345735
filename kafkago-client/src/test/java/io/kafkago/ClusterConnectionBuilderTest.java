package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.Scram;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connection settings every config shares: one Dialer, set whole or through shortcuts. */
class ClusterConnectionBuilderTest {

    private final Dialer shared = Dialer.builder().clientId("shared").dialTimeout(Duration.ofSeconds(3))
            .tls(TlsConfig.systemDefault()).sasl(Scram.sha512("alice", "pw")).build();

    @Test
    void everyConfigCarriesTheDialerItWasGiven() {
        assertThat(WriterConfig.builder().brokers("a:1").dialer(shared).build().dialer()).isEqualTo(shared);
        assertThat(ReaderConfig.builder().brokers("a:1").topic("t").dialer(shared).build().dialer()).isEqualTo(shared);
        assertThat(ClientConfig.builder().dialer(shared).build().dialer()).isEqualTo(shared);
    }

    @Test
    void shortcutsAfterTheDialerAdjustItAndADialerReplacesShortcutsBeforeIt() {
        Dialer adjusted = ReaderConfig.builder().brokers("a:1").topic("t").dialer(shared).clientId("audit")
                .requestTimeout(Duration.ofSeconds(5)).build().dialer();
        assertThat(adjusted).isEqualTo(shared.toBuilder().clientId("audit").requestTimeout(Duration.ofSeconds(5)).build());

        Dialer replaced = WriterConfig.builder().brokers("a:1").clientId("lost").maxResponseSize(4096).dialer(shared)
                .build().dialer();
        assertThat(replaced).isEqualTo(shared);
    }

    @Test
    void connectionSettingsAreValidatedByTheDialerAndBrokersByEveryConfig() {
        assertThatThrownBy(() -> ClientConfig.builder().dialTimeout(Duration.ZERO).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("Dialer.dialTimeout: must be positive");
        assertThatThrownBy(() -> ClientConfig.builder().brokers("localhost").build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("ClientConfig.brokers: 'localhost' is not host:port");
        assertThatThrownBy(() -> ClientConfig.builder().timeout(Duration.ZERO).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("ClientConfig.timeout: must be positive");
        assertThatThrownBy(() -> WriterConfig.builder().brokers("a:1").dialer(null))
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("dialer: must be set");
    }

    @Test
    void clientConfigDefaultsToTheLocalBroker() {
        ClientConfig config = ClientConfig.builder().build();
        assertThat(config.brokers()).isEqualTo(ClientConfig.DEFAULT_BROKERS);
        assertThat(config.dialer()).isEqualTo(Dialer.defaultDialer());
    }
}
