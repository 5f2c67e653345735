package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.sasl.Scram;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import io.kafkago.protocol.message.MetadataResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KIP-368: a broker with {@code connections.max.reauth.ms} closes a connection whose SASL session
 * expired. A connection that keeps working across several session lifetimes therefore
 * re-authenticated in time.
 */
@KafkaTest(securityListeners = true, brokerProperties = "connections.max.reauth.ms=2000")
class ReauthenticationIT {

    BrokerSecurity security;

    @Test
    void keepsWorkingAcrossSeveralSessionLifetimes() throws Exception {
        TestUser user = security.user("SCRAM-SHA-512");
        ConnectionSettings settings = new ConnectionSettings("reauth-it", Duration.ofSeconds(10), Duration.ofSeconds(10),
                null, Scram.sha512(user.username(), user.password()), ConnectionSettings.DEFAULT_MAX_RESPONSE_SIZE,
                ConnectionSettings.SOFTWARE_NAME, ConnectionSettings.SOFTWARE_VERSION);
        BrokerAddress address = BrokerAddress.parse(security.bootstrapServers(SecureListener.SASL_PLAINTEXT).split(",")[0]);
        try (BrokerConnection connection = BrokerConnection.open(address, settings)) {
            connection.awaitReady(Duration.ofSeconds(10));
            // Three session lifetimes, one request every 400 ms.
            for (int i = 0; i < 15; i++) {
                MetadataResponse response = BrokerConnection.await(connection.send(MetadataCache.request(List.of(), false)),
                        Duration.ofSeconds(10).toNanos(), "metadata " + i);
                assertThat(response.brokers()).isNotEmpty();
                Thread.sleep(400);
            }
            assertThat(connection.isOpen()).isTrue();
        }
    }
}
