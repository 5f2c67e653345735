package io.kafkago.test.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.ClientRoundTrip;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients, a client nobody here wrote, against the {@link SecureListener#MUTUAL_TLS} listener: the generated
 * client key store is accepted, a client without a certificate is refused.
 */
@KafkaTest(securityListeners = true)
class MutualTlsListenerIT {

    KafkaTestCluster cluster;
    BrokerSecurity security;

    @Test
    void clientKeyStoreIsAcceptedForProducingAndConsuming() throws Exception {
        String topic = cluster.createUniqueTopic("mutual-tls", 1);
        Map<String, Object> properties = security.clientProperties(SecureListener.MUTUAL_TLS);
        List<String> values = List.of("one", "two", "three");
        assertThat(ClientRoundTrip.produce(properties, topic, values, Duration.ofSeconds(30)))
                .containsExactly(0L, 1L, 2L);
        assertThat(ClientRoundTrip.consume(properties, topic, values.size(), Duration.ofSeconds(30)))
                .containsExactlyElementsOf(values);
    }

    @Test
    void clientWithoutCertificateIsRefused() {
        Map<String, Object> properties = security.clientProperties(SecureListener.MUTUAL_TLS);
        properties.remove(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG);
        properties.remove(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        properties.remove(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
        properties.remove(SslConfigs.SSL_KEY_PASSWORD_CONFIG);
        assertThatThrownBy(() -> clusterId(properties)).isInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void listenerRequiresClientCertificatesAndOthersDoNot() {
        assertThat(SecureListener.MUTUAL_TLS.clientCertificateRequired()).isTrue();
        assertThat(SecureListener.MUTUAL_TLS.tls()).isTrue();
        assertThat(SecureListener.MUTUAL_TLS.sasl()).isFalse();
        assertThat(security.clientProperties(SecureListener.SSL)).doesNotContainKey(
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        assertThat(security.clientProperties(SecureListener.MUTUAL_TLS)).containsEntry(
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, security.certificates().clientKeyStore().toString());
        assertThat(security.bootstrapServers(SecureListener.MUTUAL_TLS))
                .isNotEqualTo(security.bootstrapServers(SecureListener.SSL));
    }

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
