package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestCertificates;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Conn over a real broker listener that requires client certificates ({@link SecureListener#MUTUAL_TLS}): the client
 * identity comes from PEM files (plain or encrypted PKCS#8 key) or from a PKCS12 key store; without one the broker
 * refuses the connection and the client fails with a typed connection error.
 */
@KafkaTest(securityListeners = true)
class MutualTlsIT {

    private static final int MESSAGES = 5;

    KafkaTestCluster cluster;
    BrokerSecurity security;

    /** Where the client certificate and key come from. */
    enum ClientIdentity {
        PEM, ENCRYPTED_PEM, PKCS12_KEY_STORE
    }

    private TlsConfig tls(ClientIdentity identity) {
        TestCertificates certificates = security.certificates();
        char[] password = certificates.password().toCharArray();
        return switch (identity) {
            case PEM -> TlsConfig.builder().trustPem(certificates.caCertificatePem())
                    .clientPem(certificates.clientCertificateChainPem(), certificates.clientPrivateKeyPem()).build();
            case ENCRYPTED_PEM -> TlsConfig.builder().trustPem(certificates.caCertificatePem())
                    .clientPem(certificates.clientCertificateChainPem(), certificates.clientEncryptedPrivateKeyPem(),
                            password).build();
            case PKCS12_KEY_STORE -> TlsConfig.builder().trustStore(certificates.trustStorePkcs12(), "PKCS12", password)
                    .keyStore(certificates.clientKeyStore(), "PKCS12", password, password).build();
        };
    }

    private static Dialer dialer(TlsConfig tls) {
        return Dialer.builder().dialTimeout(Duration.ofSeconds(10)).tls(tls).build();
    }

    private String address() {
        return security.bootstrapServers(SecureListener.MUTUAL_TLS).split(",")[0];
    }

    @ParameterizedTest(name = "client certificate from {0}")
    @EnumSource(ClientIdentity.class)
    void clientCertificateLetsConnWriteAndReadBack(ClientIdentity identity) {
        String topic = cluster.createUniqueTopic("mutual-tls-conn", 1);
        Dialer dialer = dialer(tls(identity));
        List<Message> written = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            written.add(Message.of("key-" + i, identity + "-value-" + i));
        }
        try (Conn conn = dialer.dialLeader(address(), topic, 0)) {
            conn.setDeadline(Instant.now().plusSeconds(30));
            conn.writeMessages(written);
        }
        List<Message> read = new ArrayList<>();
        try (Conn conn = dialer.dialLeader(address(), topic, 0)) {
            conn.setDeadline(Instant.now().plusSeconds(30));
            while (read.size() < MESSAGES) {
                try (Batch batch = conn.readBatch(1, 1_000_000)) {
                    for (Message message : batch) {
                        read.add(message);
                    }
                }
            }
        }
        assertThat(read).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(read.get(i).offset()).isEqualTo(i);
            assertThat(read.get(i).keyAsString()).isEqualTo("key-" + i);
            assertThat(read.get(i).valueAsString()).isEqualTo(identity + "-value-" + i);
        }
    }

    @Test
    void clientCertificateAlsoServesTheClusterWideCalls() {
        try (Conn conn = dialer(tls(ClientIdentity.PEM)).dial(address())) {
            conn.setDeadline(Instant.now().plusSeconds(30));
            List<Broker> brokers = conn.brokers();
            assertThat(brokers).isNotEmpty();
            assertThat(address()).contains(":" + brokers.get(0).port());
        }
    }

    /**
     * With TLS 1.3 the broker judges the client certificate after the client's side of the handshake has finished, so
     * the refusal meets the client's first request (ApiVersions). Depending on timing the client either reads the
     * broker's {@code bad_certificate} alert or finds the connection already closed ("Broken pipe", about half the
     * dials here), and its message says only that; the type and the cause are what is certain.
     */
    @Test
    void withoutClientCertificateTheBrokerRefusesTheConnectionWithATypedError() {
        Dialer withoutCertificate = dialer(TlsConfig.builder().trustPem(security.certificates().caCertificatePem())
                .build());
        assertThatThrownBy(() -> {
            try (Conn conn = withoutCertificate.dial(address())) {
                conn.brokers();
            }
        })
                .isInstanceOf(KafkaConnectionException.class)
                .hasMessageContaining(address())
                .hasMessageNotContaining(security.certificates().password())
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void secretsStayOutOfTheTlsConfigAndTheDialer() {
        for (ClientIdentity identity : ClientIdentity.values()) {
            TlsConfig tls = tls(identity);
            assertThat(tls.toString()).doesNotContain(security.certificates().password());
            assertThat(dialer(tls).toString()).doesNotContain(security.certificates().password());
        }
    }
}
