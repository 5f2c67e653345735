package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.SaslMechanism;
import io.kafkago.sasl.Scram;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestCertificates;
import io.kafkago.test.security.TestUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writer and Reader (partition mode and group mode with commits) over secured listeners of a real broker: SASL_SSL with
 * SCRAM-SHA-512, and mutual TLS with a client certificate. Everything written is read back exactly, committed group
 * offsets are checked with kafkago's {@link Client} and with kafka-clients' Admin over the same listener, and a wrong
 * password fails the Writer's write with a {@link WriteException} caused by the authentication error, showing no
 * password anywhere.
 */
@KafkaTest(securityListeners = true)
class SecureWriterReaderIT {

    private static final int MESSAGES = 300;
    private static final Duration WAIT = Duration.ofSeconds(30);

    KafkaTestCluster cluster;
    BrokerSecurity security;

    /** A secured way to reach the broker, with the client settings it needs. */
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
        TestCertificates certificates = security.certificates();
        TlsConfig.Builder tls = TlsConfig.builder().trustPem(certificates.caCertificatePem());
        if (transport.listener.clientCertificateRequired()) {
            tls.clientPem(certificates.clientCertificateChainPem(), certificates.clientPrivateKeyPem());
        }
        return tls.build();
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
}
