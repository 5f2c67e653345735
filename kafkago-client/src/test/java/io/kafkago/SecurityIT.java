package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.Plain;
import io.kafkago.sasl.SaslMechanism;
import io.kafkago.sasl.Scram;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dialer security against real SASL_PLAINTEXT, SASL_SSL and SSL listeners: every mechanism with the
 * right and a wrong password, TLS trust from PEM and key stores, host-name verification. Everything
 * written to stdout and stderr meanwhile (client and broker logs) is captured and searched for the
 * passwords.
 */
@KafkaTest(securityListeners = true)
class SecurityIT {

    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    private static PrintStream originalOut;
    private static PrintStream originalErr;

    KafkaTestCluster cluster;
    BrokerSecurity security;

    @BeforeAll
    static void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new TeeStream(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new TeeStream(originalErr), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private TlsConfig trustTestCa() {
        return TlsConfig.builder().trustPem(security.certificates().caCertificatePem()).build();
    }

    private static SaslMechanism mechanism(TestUser user, String password) {
        return switch (user.mechanism()) {
            case "PLAIN" -> new Plain(user.username(), password);
            case "SCRAM-SHA-256" -> Scram.sha256(user.username(), password);
            case "SCRAM-SHA-512" -> Scram.sha512(user.username(), password);
            default -> throw new IllegalArgumentException(user.mechanism());
        };
    }

    private Dialer dialer(SecureListener listener, SaslMechanism sasl) {
        return Dialer.builder().dialTimeout(Duration.ofSeconds(10)).sasl(sasl)
                .tls(listener.tls() ? trustTestCa() : null).build();
    }

    private String address(SecureListener listener) {
        return security.bootstrapServers(listener).split(",")[0];
    }

    @ParameterizedTest(name = "{1} over {0}")
    @CsvSource({
        "SASL_PLAINTEXT, PLAIN", "SASL_PLAINTEXT, SCRAM-SHA-256", "SASL_PLAINTEXT, SCRAM-SHA-512",
        "SASL_SSL, PLAIN", "SASL_SSL, SCRAM-SHA-256", "SASL_SSL, SCRAM-SHA-512"})
    void rightPasswordWorksAndWrongPasswordFailsWithAnAuthenticationError(SecureListener listener, String name) {
        TestUser user = security.user(name);
        try (Conn conn = dialer(listener, mechanism(user, user.password())).dial(address(listener))) {
            assertThat(conn.brokers()).isNotEmpty();
        }
        String wrong = "wrong-" + user.password();
        Dialer wrongDialer = dialer(listener, mechanism(user, wrong));
        assertThatThrownBy(() -> wrongDialer.dial(address(listener)))
                .isInstanceOf(KafkaAuthenticationException.class)
                .hasMessageContaining(name)
                .hasMessageNotContaining(user.password());
        assertThat(wrongDialer.toString()).contains(user.username()).doesNotContain(wrong);
    }

    @Test
    void producesAndConsumesOverSaslSslWithScram() {
        String topic = cluster.createUniqueTopic("secured-conn", 1);
        TestUser user = security.user("SCRAM-SHA-512");
        Dialer dialer = dialer(SecureListener.SASL_SSL, mechanism(user, user.password()));
        try (Conn conn = dialer.dialLeader(address(SecureListener.SASL_SSL), topic, 0)) {
            conn.setDeadline(Instant.now().plusSeconds(20));
            conn.writeMessages(Message.of("k", "secret-free value"));
            assertThat(conn.readMessage(1_000_000).valueAsString()).isEqualTo("secret-free value");
        }
    }

    @Test
    void anUnknownMechanismIsRefusedClearly() {
        Dialer dialer = Dialer.builder().sasl(io.kafkago.sasl.OAuthBearer.ofToken("abc")).build();
        assertThatThrownBy(() -> dialer.dial(address(SecureListener.SASL_PLAINTEXT)))
                .isInstanceOf(KafkaAuthenticationException.class)
                .hasMessageContaining("OAUTHBEARER")
                .hasMessageContaining("PLAIN");
    }

    @Test
    void tlsTrustFromPemOrTrustStoreAndNotFromTheJvmDefaults() {
        String address = address(SecureListener.SSL);
        try (Conn conn = Dialer.builder().tls(trustTestCa()).build().dial(address)) {
            assertThat(conn.brokers()).isNotEmpty();
        }
        TlsConfig fromStore = TlsConfig.builder().trustStore(security.certificates().trustStorePkcs12(), "PKCS12",
                security.certificates().password().toCharArray()).build();
        try (Conn conn = Dialer.builder().tls(fromStore).build().dial(address)) {
            assertThat(conn.brokers()).isNotEmpty();
        }
        assertThatThrownBy(() -> Dialer.builder().tls(TlsConfig.systemDefault()).build().dial(address))
                .isInstanceOf(KafkaConnectionException.class)
                .hasMessageContaining("TLS handshake");
    }

    @Test
    void aCertificateForAnotherHostFailsUnlessVerificationIsTurnedOff() {
        String address = address(SecureListener.SSL_WRONG_HOST);
        assertThatThrownBy(() -> Dialer.builder().tls(trustTestCa()).build().dial(address))
                .isInstanceOf(KafkaConnectionException.class)
                .hasMessageContaining("TLS handshake");
        TlsConfig unverified = trustTestCa().toBuilder().hostnameVerification(false).build();
        try (Conn conn = Dialer.builder().tls(unverified).build().dial(address)) {
            assertThat(conn.brokers()).isNotEmpty();
        }
    }

    @Test
    void noPasswordInAnyCapturedLog() {
        // Logs in right and wrong itself, so the check never depends on test order; earlier tests'
        // output is checked too.
        rightPasswordWorksAndWrongPasswordFailsWithAnAuthenticationError(SecureListener.SASL_PLAINTEXT, "PLAIN");
        String logs = CAPTURED.toString(StandardCharsets.UTF_8);
        for (TestUser user : security.users()) {
            assertThat(logs).doesNotContain(user.password());
        }
        assertThat(logs).doesNotContain(security.certificates().password());
    }

    /** Copies everything written to the captured buffer and on to the original stream. */
    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream original;

        TeeStream(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            synchronized (CAPTURED) {
                CAPTURED.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (CAPTURED) {
                CAPTURED.write(bytes, offset, length);
            }
            original.write(bytes, offset, length);
        }
    }
}
