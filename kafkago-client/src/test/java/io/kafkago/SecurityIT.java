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
import io.kafkago.test.security.TestCertificates;
import io.kafkago.test.security.TestUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kafkago over the secured listeners of a real broker (the JVM-wide shared secured cluster), in four parts:
 * <ol>
 *   <li><b>SASL</b> on Conn: every mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) over SASL_PLAINTEXT and SASL_SSL
 *       with the right and a wrong password, an unknown mechanism refused clearly, and a round trip over SASL_SSL;</li>
 *   <li><b>TLS</b> on Conn: trust from PEM or a key store and never from the JVM defaults, host-name verification;</li>
 *   <li><b>mutual TLS</b> on Conn: the client identity from PEM (plain or encrypted PKCS#8 key) or a PKCS12 key store,
 *       for partition and cluster-wide calls, and a typed refusal without a client certificate;</li>
 *   <li><b>Writer and Reader</b> (partition mode, and group mode with commits checked by {@link Client} and by
 *       kafka-clients' Admin) over SASL_SSL with SCRAM-SHA-512 and over mutual TLS, and a Writer with a wrong
 *       password failing its write with a {@link WriteException} caused by the authentication error.</li>
 * </ol>
 * No secret appears in any error message, {@code toString()}, or log: everything written to stdout and stderr while
 * this class runs (client and broker logs) is captured and searched for every password, which is why the class holds
 * the {@code System.out} and {@code System.err} locks when tests run in parallel.
 *
 * <p>Wrong passwords reaching the Writer, Reader and Client as authentication errors (rather than timeouts) are
 * covered in depth by {@link AuthenticationErrorsIT}; OAUTHBEARER by {@link OAuthBearerIT}.
 */
@KafkaTest(securityListeners = true)
@ResourceLock(Resources.SYSTEM_OUT)
@ResourceLock(Resources.SYSTEM_ERR)
class SecurityIT {

    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Messages each Writer and Reader test writes and reads back. */
    private static final int MESSAGES = 300;
    /** Messages each mutual-TLS Conn test writes and reads back. */
    private static final int CONN_MESSAGES = 5;

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

    // ---- shared helpers -------------------------------------------------------------------------------------------

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

    private static Dialer dialer(TlsConfig tls, SaslMechanism sasl) {
        return Dialer.builder().dialTimeout(Duration.ofSeconds(10)).tls(tls).sasl(sasl).build();
    }

    private Dialer dialer(SecureListener listener, SaslMechanism sasl) {
        return dialer(listener.tls() ? trustTestCa() : null, sasl);
    }

    /** The first broker of a secured listener, for Conn. */
    private String address(SecureListener listener) {
        return security.bootstrapServers(listener).split(",")[0];
    }

    // ---- 1. SASL on Conn ------------------------------------------------------------------------------------------

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

    // ---- 2. TLS on Conn -------------------------------------------------------------------------------------------

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

    // ---- 3. Mutual TLS on Conn ------------------------------------------------------------------------------------

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

    @ParameterizedTest(name = "client certificate from {0}")
    @EnumSource(ClientIdentity.class)
    void clientCertificateLetsConnWriteAndReadBack(ClientIdentity identity) {
        String topic = cluster.createUniqueTopic("mutual-tls-conn", 1);
        Dialer dialer = dialer(tls(identity), null);
        String address = address(SecureListener.MUTUAL_TLS);
        List<Message> written = new ArrayList<>();
        for (int i = 0; i < CONN_MESSAGES; i++) {
            written.add(Message.of("key-" + i, identity + "-value-" + i));
        }
        try (Conn conn = dialer.dialLeader(address, topic, 0)) {
            conn.setDeadline(Instant.now().plusSeconds(30));
            conn.writeMessages(written);
        }
        List<Message> read = new ArrayList<>();
        try (Conn conn = dialer.dialLeader(address, topic, 0)) {
            conn.setDeadline(Instant.now().plusSeconds(30));
            while (read.size() < CONN_MESSAGES) {
                try (Batch batch = conn.readBatch(1, 1_000_000)) {
                    for (Message message : batch) {
                        read.add(message);
                    }
                }
            }
        }
        assertThat(read).hasSize(CONN_MESSAGES);
        for (int i = 0; i < CONN_MESSAGES; i++) {
            assertThat(read.get(i).offset()).isEqualTo(i);
            assertThat(read.get(i).keyAsString()).isEqualTo("key-" + i);
            assertThat(read.get(i).valueAsString()).isEqualTo(identity + "-value-" + i);
        }
    }

    @Test
    void clientCertificateAlsoServesTheClusterWideCalls() {
        String address = address(SecureListener.MUTUAL_TLS);
        try (Conn conn = dialer(tls(ClientIdentity.PEM), null).dial(address)) {
            conn.setDeadline(Instant.now().plusSeconds(30));
            List<Broker> brokers = conn.brokers();
            assertThat(brokers).isNotEmpty();
            assertThat(address).contains(":" + brokers.get(0).port());
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
        String address = address(SecureListener.MUTUAL_TLS);
        Dialer withoutCertificate = dialer(trustTestCa(), null);
        assertThatThrownBy(() -> {
            try (Conn conn = withoutCertificate.dial(address)) {
                conn.brokers();
            }
        })
                .isInstanceOf(KafkaConnectionException.class)
                .hasMessageContaining(address)
                .hasMessageNotContaining(security.certificates().password())
                .hasCauseInstanceOf(IOException.class);
    }

    // ---- 4. Writer and Reader -------------------------------------------------------------------------------------

    /** A secured way for the Writer and Reader to reach the broker, with the client settings it needs. */
    enum Transport {
        SASL_SSL_SCRAM_SHA_512(SecureListener.SASL_SSL), MUTUAL_TLS(SecureListener.MUTUAL_TLS);

        final SecureListener listener;

        Transport(SecureListener listener) {
            this.listener = listener;
        }
    }

    private List<String> brokers(Transport transport) {
        return List.of(security.bootstrapServers(transport.listener).split(","));
    }

    private TlsConfig tls(Transport transport) {
        return transport.listener.clientCertificateRequired() ? tls(ClientIdentity.PEM) : trustTestCa();
    }

    private SaslMechanism sasl(Transport transport) {
        if (!transport.listener.sasl()) {
            return null;
        }
        TestUser user = security.user("SCRAM-SHA-512");
        return Scram.sha512(user.username(), user.password());
    }

    private WriterConfig.Builder writer(Transport transport, String topic) {
        return WriterConfig.builder().brokers(brokers(transport)).topic(topic).tls(tls(transport))
                .sasl(sasl(transport));
    }

    private ReaderConfig.Builder reader(Transport transport, String topic) {
        return ReaderConfig.builder().brokers(brokers(transport)).topic(topic).tls(tls(transport))
                .sasl(sasl(transport));
    }

    private Client client(Transport transport) {
        return new Client(ClientConfig.builder().brokers(brokers(transport))
                .dialer(Dialer.builder().tls(tls(transport)).sasl(sasl(transport)).build()).build());
    }

    private Map<String, Object> kafkaClientsProperties(Transport transport) {
        return transport.listener.sasl() ? security.clientProperties(transport.listener, security.user("SCRAM-SHA-512"))
                : security.clientProperties(transport.listener);
    }

    private static List<Message> messages(String prefix) {
        List<Message> messages = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(Message.of("key-" + i, prefix + "-value-" + i));
        }
        return messages;
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void writerThenPartitionReaderReadsEveryMessageBackExactly(Transport transport) {
        String topic = cluster.createUniqueTopic("secure-partition", 1);
        try (Writer writer = new Writer(writer(transport, topic).build())) {
            writer.writeMessages(messages(transport.name()));
        }
        try (Reader reader = new Reader(reader(transport, topic).partition(0).build())) {
            for (int i = 0; i < MESSAGES; i++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.topic()).isEqualTo(topic);
                assertThat(message.partition()).isZero();
                assertThat(message.offset()).isEqualTo(i);
                assertThat(message.keyAsString()).isEqualTo("key-" + i);
                assertThat(message.valueAsString()).isEqualTo(transport.name() + "-value-" + i);
            }
            assertThat(reader.lag()).isZero();
        }
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(Transport.class)
    void writerThenGroupReaderCommitsEveryMessage(Transport transport) throws Exception {
        String topic = cluster.createUniqueTopic("secure-group", 3);
        String group = topic + "-group";
        try (Writer writer = new Writer(writer(transport, topic).balancer(new Hash()).build())) {
            writer.writeMessages(messages(transport.name()));
        }
        Map<String, String> valuesByKey = new HashMap<>();
        Map<TopicPartition, List<Long>> offsetsByPartition = new TreeMap<>();
        try (Reader reader = new Reader(reader(transport, topic).groupId(group).build())) {
            for (int i = 0; i < MESSAGES; i++) {
                Message message = reader.fetchMessage(WAIT);
                assertThat(valuesByKey.put(message.keyAsString(), message.valueAsString())).as("duplicate").isNull();
                offsetsByPartition.computeIfAbsent(new TopicPartition(topic, message.partition()),
                        p -> new ArrayList<>()).add(message.offset());
                reader.commitMessages(message);
            }
        }
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(valuesByKey).containsEntry("key-" + i, transport.name() + "-value-" + i);
        }
        Map<TopicPartition, Long> expectedCommits = new TreeMap<>();
        offsetsByPartition.forEach((partition, offsets) -> {
            assertThat(offsets).as("offsets of %s in order, from 0", partition)
                    .isEqualTo(LongStream.range(0, offsets.size()).boxed().toList());
            expectedCommits.put(partition, (long) offsets.size());
        });
        assertThat(expectedCommits).as("the hash balancer spread the keys").hasSize(3);

        try (Client client = client(transport)) {
            assertThat(client.fetchOffsets(group)).isEqualTo(expectedCommits);
        }
        try (Admin admin = Admin.create(kafkaClientsProperties(transport))) {
            Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS).entrySet().stream().collect(Collectors.toMap(
                            e -> new TopicPartition(e.getKey().topic(), e.getKey().partition()),
                            e -> e.getValue().offset(), (a, b) -> a, TreeMap::new));
            assertThat(committed).isEqualTo(expectedCommits);
        }
    }

    @Test
    void wrongPasswordFailsTheWriterWithAnAuthenticationError() {
        String topic = cluster.createUniqueTopic("secure-wrong-password", 1);
        TestUser user = security.user("SCRAM-SHA-512");
        String wrong = "wrong-" + user.password();
        WriterConfig config = writer(Transport.SASL_SSL_SCRAM_SHA_512, topic)
                .sasl(Scram.sha512(user.username(), wrong)).build();
        assertThat(config.toString()).doesNotContain(wrong);
        try (Writer writer = new Writer(config)) {
            assertThatThrownBy(() -> writer.writeMessages(Message.of("k", "never written")))
                    .isInstanceOfSatisfying(WriteException.class, error -> {
                        assertThat(error.messageCount()).isOne();
                        assertThat(error.errors()).singleElement().satisfies(failed -> {
                            assertThat(failed.index()).isZero();
                            assertThat(failed.message().valueAsString()).isEqualTo("never written");
                        });
                    })
                    .satisfies(error -> assertAuthenticationFailure(error, user, wrong));
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Client client = client(Transport.SASL_SSL_SCRAM_SHA_512)) {
            assertThat(client.listOffsets(Map.of(partition, OffsetSpec.LATEST))).as("nothing was written")
                    .containsEntry(partition, 0L);
        }
    }

    /**
     * The error is, or is caused by, a KafkaAuthenticationException naming the mechanism, and no message in the chain
     * shows a password.
     */
    private static void assertAuthenticationFailure(Throwable error, TestUser user, String wrongPassword) {
        Throwable authentication = error;
        while (authentication != null && !(authentication instanceof KafkaAuthenticationException)) {
            authentication = authentication.getCause();
        }
        assertThat(authentication).as("an authentication error in %s", error).isNotNull();
        assertThat(authentication.getMessage()).contains("SCRAM-SHA-512");
        for (Throwable t = error; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrongPassword).doesNotContain(user.password());
        }
        for (WriteException.MessageError messageError : ((WriteException) error).errors()) {
            assertThat(String.valueOf(messageError.error().getMessage())).doesNotContain(wrongPassword);
        }
    }

    // ---- secrets --------------------------------------------------------------------------------------------------

    @Test
    void secretsStayOutOfTheTlsConfigAndTheDialer() {
        for (ClientIdentity identity : ClientIdentity.values()) {
            TlsConfig tls = tls(identity);
            assertThat(tls.toString()).doesNotContain(security.certificates().password());
            assertThat(dialer(tls, null).toString()).doesNotContain(security.certificates().password());
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
