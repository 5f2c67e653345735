package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients against the secured listeners of the shared secured cluster: SASL PLAIN and SCRAM, TLS trust and
 * host-name verification.
 */
@KafkaTest(securityListeners = true)
class SecureListenersIT {

    KafkaTestCluster cluster;
    BrokerSecurity security;

    @ParameterizedTest(name = "{1} over {0}")
    @CsvSource({
        "SASL_PLAINTEXT, PLAIN", "SASL_PLAINTEXT, SCRAM-SHA-256", "SASL_PLAINTEXT, SCRAM-SHA-512",
        "SASL_SSL, PLAIN", "SASL_SSL, SCRAM-SHA-256", "SASL_SSL, SCRAM-SHA-512"})
    void rightPasswordLogsInAndWrongPasswordFailsAuthentication(SecureListener listener, String mechanism) {
        TestUser user = security.user(mechanism);
        assertThat(clusterId(security.clientProperties(listener, user))).isNotBlank();
        assertThatThrownBy(() -> clusterId(security.clientProperties(listener, user.withPassword("wrong-password"))))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void producesAndConsumesOverSaslSslWithScram() throws Exception {
        String topic = cluster.createUniqueTopic("secured", 1);
        ClientRoundTrip.assertRoundTrip(
                security.clientProperties(SecureListener.SASL_SSL, security.user("SCRAM-SHA-512")), topic);
    }

    @Test
    void sslListenerIsTrustedThroughTheGeneratedTrustStore() {
        assertThat(clusterId(security.clientProperties(SecureListener.SSL))).isNotBlank();
    }

    @Test
    void wrongHostCertificateFailsHostNameVerificationOnly() {
        Map<String, Object> properties = security.clientProperties(SecureListener.SSL_WRONG_HOST);
        assertThatThrownBy(() -> clusterId(properties)).isInstanceOf(SslAuthenticationException.class);
        properties.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
        assertThat(clusterId(properties)).as("the chain itself is trusted").isNotBlank();
    }

    @Test
    void secretsStayOutOfToString() {
        String text = security.toString();
        for (TestUser user : security.users()) {
            assertThat(text).contains(user.username()).doesNotContain(user.password());
        }
        assertThat(text).doesNotContain(security.certificates().password());
    }

    /** Connects (and authenticates) with an admin client and returns the cluster id, unwrapping the failure cause. */
    private static String clusterId(Map<String, Object> properties) {
        properties.put("default.api.timeout.ms", 20_000);
        properties.put("request.timeout.ms", 10_000);
        try (Admin admin = Admin.create(properties)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
