package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.OAuthBearer;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * OAUTHBEARER against a broker that validates unsecured JWTs (Kafka's default validator for
 * OAUTHBEARER when no other is configured): a valid token logs in, an expired one is refused.
 */
@KafkaTest(securityListeners = true, brokerProperties = {
    "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER",
    "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config="
            + "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"})
class OAuthBearerIT {

    BrokerSecurity security;

    /** An unsecured JWS ({@code alg: none}) for {@code subject}, expiring at {@code expiry}. */
    private static String unsecuredToken(String subject, Instant expiry) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\"}".getBytes(UTF_8));
        String claims = encoder.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":"
                + Instant.now().minusSeconds(60).getEpochSecond() + ",\"exp\":" + expiry.getEpochSecond() + "}")
                .getBytes(UTF_8));
        return header + "." + claims + ".";
    }

    private String address() {
        return security.bootstrapServers(SecureListener.SASL_PLAINTEXT).split(",")[0];
    }

    @Test
    void aValidTokenFromTheSupplierLogsIn() {
        AtomicInteger tokensHandedOut = new AtomicInteger();
        OAuthBearer mechanism = new OAuthBearer(() -> {
            tokensHandedOut.incrementAndGet();
            return unsecuredToken("alice", Instant.now().plusSeconds(3600));
        });
        try (Conn conn = Dialer.builder().sasl(mechanism).build().dial(address())) {
            assertThat(conn.brokers()).isNotEmpty();
        }
        assertThat(tokensHandedOut).hasValue(1);
    }

    @Test
    void anExpiredTokenIsRefusedWithAnAuthenticationError() {
        String expired = unsecuredToken("alice", Instant.now().minusSeconds(600));
        Dialer dialer = Dialer.builder().sasl(OAuthBearer.ofToken(expired)).build();
        assertThatThrownBy(() -> dialer.dial(address()))
                .isInstanceOf(KafkaAuthenticationException.class)
                .hasMessageContaining("OAUTHBEARER")
                .hasMessageNotContaining(expired);
    }
}
