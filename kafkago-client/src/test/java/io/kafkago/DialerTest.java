package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.internal.conn.ConnEngine;
import io.kafkago.network.ConnectionSettings;
import io.kafkago.sasl.Plain;
import io.kafkago.sasl.Scram;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DialerTest {

    @Test
    void defaultsAreDocumentedConstants() {
        Dialer dialer = Dialer.defaultDialer();
        assertThat(dialer.clientId()).isEqualTo(Dialer.DEFAULT_CLIENT_ID).isEqualTo("kafkago");
        assertThat(dialer.dialTimeout()).isEqualTo(Dialer.DEFAULT_DIAL_TIMEOUT);
        assertThat(dialer.requestTimeout()).isEqualTo(Dialer.DEFAULT_REQUEST_TIMEOUT);
        assertThat(dialer.maxResponseSize()).isEqualTo(Dialer.DEFAULT_MAX_RESPONSE_SIZE);
        assertThat(dialer.tls()).isNull();
        assertThat(dialer.sasl()).isNull();
    }

    @Test
    void toBuilderRoundTripsAndSettingsCarryEverything() {
        Dialer dialer = Dialer.builder().clientId("billing").dialTimeout(Duration.ofSeconds(3))
                .requestTimeout(Duration.ofSeconds(7)).sasl(Scram.sha512("billing", "pw")).maxResponseSize(1 << 20).build();
        assertThat(dialer.toBuilder().build()).isEqualTo(dialer);
        ConnectionSettings settings = ConnectionSettings.of(dialer);
        assertThat(settings.clientId()).isEqualTo("billing");
        assertThat(settings.dialTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.sasl()).isEqualTo(Scram.sha512("billing", "pw"));
        assertThat(settings.maxResponseSize()).isEqualTo(1 << 20);
        assertThat(settings.softwareName()).isEqualTo("kafkago");
    }

    @Test
    void invalidSettingsFailInBuildWithTheSettingsName() {
        assertThatThrownBy(() -> Dialer.builder().dialTimeout(Duration.ZERO).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("Dialer.dialTimeout");
        assertThatThrownBy(() -> Dialer.builder().requestTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("Dialer.requestTimeout");
        assertThatThrownBy(() -> Dialer.builder().maxResponseSize(100).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("Dialer.maxResponseSize: must be at least 1024");
        assertThatThrownBy(() -> Dialer.builder().clientId(null).build())
                .isInstanceOf(KafkaConfigException.class).hasMessageContaining("Dialer.clientId");
    }

    @Test
    void secretsNeverShowInToString() {
        Dialer dialer = Dialer.builder().sasl(new Plain("alice", "hunter2-secret")).build();
        assertThat(dialer.toString()).contains("alice").doesNotContain("hunter2-secret");
        assertThat(ConnectionSettings.of(dialer).toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void aConnDialedToABrokerRefusesPartitionCalls() {
        // No broker needed: the check happens before any request.
        Conn conn = new Conn(new ConnEngine(null, null, -1, null), Duration.ofSeconds(1));
        assertThatThrownBy(() -> conn.readBatch(100)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dialLeader");
        assertThatThrownBy(() -> conn.writeMessages(Message.of("x"))).isInstanceOf(IllegalStateException.class);
    }
}
