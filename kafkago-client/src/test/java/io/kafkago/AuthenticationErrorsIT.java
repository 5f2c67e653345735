package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.Scram;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A wrong SASL password reaches users of the Writer, the Reader (partition and group mode) and the Client as a
 * {@link KafkaAuthenticationException} naming the mechanism, never as "no broker reachable" or a timeout, and no
 * password shows in any message of the error chain. Runs against the SASL_SSL listener with SCRAM-SHA-512; a Writer
 * without the client certificate the MUTUAL_TLS listener requires is told the certificate may be why.
 */
@KafkaTest(securityListeners = true)
class AuthenticationErrorsIT {

    /** Longest wait for the error; a read that ends by timing out instead fails the test by its type. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    KafkaTestCluster cluster;
    BrokerSecurity security;

    private TestUser user;
    private String wrongPassword;
    private String topic;

    @BeforeEach
    void setUp() {
        user = security.user("SCRAM-SHA-512");
        wrongPassword = "wrong-" + user.password();
        topic = cluster.createUniqueTopic("auth-errors", 1);
    }

    private List<String> brokers() {
        return List.of(security.bootstrapServers(SecureListener.SASL_SSL).split(","));
    }

    private TlsConfig tls() {
        return TlsConfig.builder().trustPem(security.certificates().caCertificatePem()).build();
    }

    private ReaderConfig.Builder readerWithWrongPassword() {
        return ReaderConfig.builder().brokers(brokers()).topic(topic).tls(tls())
                .sasl(Scram.sha512(user.username(), wrongPassword));
    }

    @Test
    void writerFailsEachMessageWithTheAuthenticationErrorAndDoesNotRetryIt() {
        WriterConfig config = WriterConfig.builder().brokers(brokers()).topic(topic).tls(tls())
                .sasl(Scram.sha512(user.username(), wrongPassword)).build();
        try (Writer writer = new Writer(config)) {
            assertThatThrownBy(() -> writer.writeMessages(Message.of("k1", "never written"), Message.of("k2", "nor this")))
                    .isInstanceOfSatisfying(WriteException.class, error -> {
                        assertThat(error.messageCount()).isEqualTo(2);
                        assertThat(error.errors()).hasSize(2).allSatisfy(failed ->
                                assertNamesScramWithoutPassword(failed.error()));
                        assertThat(error.getCause()).isInstanceOf(KafkaAuthenticationException.class);
                        assertNoPasswordIn(error);
                    });
            WriterStats stats = writer.stats();
            assertThat(stats.retries()).as("an authentication failure is not retried").isZero();
            assertThat(stats.requests()).as("no produce request went out").isZero();
            assertThat(stats.errors()).isEqualTo(2);
        }
    }

    @Test
    void partitionReaderThrowsTheAuthenticationErrorFromRead() {
        try (Reader reader = new Reader(readerWithWrongPassword().partition(0).build())) {
            assertThatThrownBy(() -> reader.readMessage(WAIT))
                    .isInstanceOfSatisfying(KafkaAuthenticationException.class, this::assertNamesScramWithoutPassword);
            assertThat(reader.stats().messages()).isZero();
            assertThat(reader.stats().errors()).isPositive();
        }
    }

    @Test
    void groupReaderThrowsTheAuthenticationErrorFromFetch() {
        ReaderConfig config = readerWithWrongPassword().groupId(topic + "-group").build();
        try (Reader reader = new Reader(config)) {
            assertThatThrownBy(() -> reader.fetchMessage(WAIT))
                    .isInstanceOfSatisfying(KafkaAuthenticationException.class, this::assertNamesScramWithoutPassword);
            assertThat(reader.stats().messages()).isZero();
            assertThat(reader.stats().rebalances()).as("never joined the group").isZero();
        }
    }

    @Test
    void clientThrowsTheAuthenticationErrorInsteadOfRetrying() {
        ClientConfig config = ClientConfig.builder().brokers(brokers())
                .dialer(Dialer.builder().tls(tls()).sasl(Scram.sha512(user.username(), wrongPassword)).build()).build();
        try (Client client = new Client(config)) {
            assertThatThrownBy(() -> client.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.LATEST)))
                    .isInstanceOfSatisfying(KafkaAuthenticationException.class, this::assertNamesScramWithoutPassword);
        }
    }

    /**
     * Under TLS 1.3 the broker refuses a missing client certificate only after the client's handshake finished, so the
     * client meets the refusal at its first request (a fatal alert or "Broken pipe"); the error says a certificate may
     * be the reason, and the Writer's per-message error carries that text through the broker lookup.
     */
    @Test
    void writerWithoutClientCertificateIsToldTheCertificateMayBeRefused() {
        List<String> mutualTls = List.of(security.bootstrapServers(SecureListener.MUTUAL_TLS).split(","));
        WriterConfig config = WriterConfig.builder().brokers(mutualTls).topic(topic).tls(tls()).build();
        try (Writer writer = new Writer(config)) {
            assertThatThrownBy(() -> writer.writeMessages(Message.of("k", "never written")))
                    .isInstanceOfSatisfying(WriteException.class, error -> assertThat(error.errors()).singleElement()
                            .satisfies(failed -> assertThat(failed.error())
                                    .isInstanceOf(KafkaConnectionException.class)
                                    .message().containsIgnoringCase("certificate")
                                    .doesNotContain(security.certificates().password())));
            assertThat(writer.stats().requests()).isZero();
        }
    }

    private void assertNamesScramWithoutPassword(Throwable error) {
        assertThat(error).isInstanceOf(KafkaAuthenticationException.class);
        assertThat(error.getMessage()).contains("SCRAM-SHA-512").containsIgnoringCase("authentication")
                .contains("failed");
        assertNoPasswordIn(error);
    }

    private void assertNoPasswordIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrongPassword).doesNotContain(user.password());
            assertThat(t.toString()).doesNotContain(wrongPassword);
        }
    }
}
