package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.sasl.Scram;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WriterConfigTest {

    private static WriterConfig.Builder minimal() {
        return WriterConfig.builder().brokers("localhost:9092");
    }

    @Test
    void defaultsAreTheDocumentedConstants() {
        WriterConfig config = minimal().build();

        assertThat(config.brokers()).containsExactly("localhost:9092");
        assertThat(config.topic()).isNull();
        assertThat(config.balancer()).isInstanceOf(Murmur2Balancer.class);
        assertThat(config.maxAttempts()).isEqualTo(WriterConfig.DEFAULT_MAX_ATTEMPTS).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.deliveryTimeout()).isEqualTo(WriterConfig.DEFAULT_DELIVERY_TIMEOUT)
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(config.writeBackoffMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.writeBackoffMax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.batchSize()).isEqualTo(WriterConfig.DEFAULT_BATCH_SIZE);
        assertThat(config.batchBytes()).isEqualTo(1_048_576);
        assertThat(config.batchTimeout()).isEqualTo(Duration.ZERO);
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requiredAcks()).isEqualTo(RequiredAcks.ALL);
        assertThat(config.async()).isFalse();
        assertThat(config.completion()).isNull();
        assertThat(config.compression()).isEqualTo(Compression.NONE);
        assertThat(config.allowAutoTopicCreation()).isFalse();
        assertThat(config.idempotent()).isTrue();
        assertThat(config.maxInFlightRequestsPerBroker()).isEqualTo(5);
        assertThat(config.bufferedBytesLimit()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.dialer()).isEqualTo(Dialer.defaultDialer());
        assertThat(config.metadataMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.closeTimeout()).isEqualTo(WriterConfig.DEFAULT_CLOSE_TIMEOUT);
    }

    @Test
    void eachBuildGetsItsOwnDefaultBalancer() {
        assertThat(minimal().build().balancer()).isNotSameAs(minimal().build().balancer());
    }

    @Test
    void toBuilderRoundTripsEverySetting() {
        WriteCompletion completion = (messages, error) -> { };
        Balancer balancer = new LeastBytes();
        WriterConfig config = WriterConfig.builder().brokers(List.of("a:1", "b:2")).topic("orders").balancer(balancer)
                .maxAttempts(3).deliveryTimeout(Duration.ofSeconds(9)).writeBackoffMin(Duration.ofMillis(5)).writeBackoffMax(Duration.ofMillis(50))
                .batchSize(7).batchBytes(4096).batchTimeout(Duration.ofMillis(2)).readTimeout(Duration.ofSeconds(3))
                .writeTimeout(Duration.ofSeconds(4)).requiredAcks(RequiredAcks.ONE).async(true).completion(completion)
                .compression(Compression.ZSTD).allowAutoTopicCreation(true).maxInFlightRequestsPerBroker(9)
                .bufferedBytesLimit(8192).clientId("billing").dialTimeout(Duration.ofSeconds(2))
                .metadataMaxAge(Duration.ofSeconds(30)).closeTimeout(Duration.ZERO).tls(TlsConfig.systemDefault())
                .sasl(Scram.sha512("alice", "s3cr3t-pw")).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.deliveryTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.idempotent()).isFalse();
        assertThat(config.balancer()).isSameAs(balancer);
        assertThat(config.completion()).isSameAs(completion);
        assertThat(config.dialer().tls()).isNotNull();
        assertThat(config.dialer().clientId()).isEqualTo("billing");
        assertThat(config.dialer().dialTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.toString()).contains("alice").doesNotContain("s3cr3t-pw");
    }

    @Test
    void idempotenceFollowsAcksUnlessSetExplicitly() {
        assertThat(minimal().requiredAcks(RequiredAcks.ONE).build().idempotent()).isFalse();
        assertThat(minimal().requiredAcks(RequiredAcks.NONE).build().idempotent()).isFalse();
        assertThat(minimal().idempotent(false).build().idempotent()).isFalse();
        assertThatThrownBy(() -> minimal().idempotent(true).requiredAcks(RequiredAcks.ONE).build())
                .isInstanceOf(KafkaConfigException.class)
                .hasMessageContaining("WriterConfig.idempotent").hasMessageContaining("ALL");
    }

    @Test
    void toBuilderKeepsAutomaticIdempotenceAutomatic() {
        WriterConfig defaults = minimal().build();
        assertThat(defaults.toBuilder().requiredAcks(RequiredAcks.ONE).build().idempotent()).isFalse();

        WriterConfig optedOut = minimal().idempotent(false).build();
        assertThat(optedOut.toBuilder().build().idempotent()).isFalse();
    }

    @Test
    void brokersAreTrimmedAndMustBeHostAndPort() {
        assertThat(minimal().brokers(" a:9092", "[::1]:9093 ").build().brokers()).containsExactly("a:9092", "[::1]:9093");
        assertRejected(b -> b.brokers((List<String>) null), "WriterConfig.brokers: at least one");
        assertRejected(b -> b.brokers(), "WriterConfig.brokers: at least one");
        assertRejected(b -> b.brokers("localhost"), "'localhost' is not host:port");
        assertRejected(b -> b.brokers("localhost:"), "is not host:port");
        assertRejected(b -> b.brokers(":9092"), "is not host:port");
        assertRejected(b -> b.brokers("localhost:70000"), "is not host:port");
        assertRejected(b -> b.brokers("localhost:0"), "is not host:port");
        assertRejected(b -> b.brokers("a:1", " "), "must not be blank");
    }

    @Test
    void outOfRangeValuesNameTheirSetting() {
        assertRejected(b -> b.topic(" "), "WriterConfig.topic: must not be blank");
        assertRejected(b -> b.maxAttempts(0), "WriterConfig.maxAttempts: must be at least 1, got 0");
        assertRejected(b -> b.batchSize(0), "WriterConfig.batchSize");
        assertRejected(b -> b.batchBytes(0), "WriterConfig.batchBytes");
        assertRejected(b -> b.batchTimeout(Duration.ofMillis(-1)), "WriterConfig.batchTimeout: must not be negative");
        assertRejected(b -> b.readTimeout(Duration.ZERO), "WriterConfig.readTimeout: must be positive");
        assertRejected(b -> b.writeTimeout(null), "WriterConfig.writeTimeout: must be set");
        assertRejected(b -> b.requiredAcks(null), "WriterConfig.requiredAcks: must be set");
        assertRejected(b -> b.compression(null), "WriterConfig.compression: must be set");
        assertRejected(b -> b.clientId(null), "Dialer.clientId");
        assertRejected(b -> b.dialTimeout(Duration.ZERO), "Dialer.dialTimeout");
        assertRejected(b -> b.metadataMaxAge(Duration.ZERO), "WriterConfig.metadataMaxAge");
        assertRejected(b -> b.closeTimeout(Duration.ofSeconds(-1)), "WriterConfig.closeTimeout");
        assertRejected(b -> b.maxInFlightRequestsPerBroker(0), "WriterConfig.maxInFlightRequestsPerBroker");
    }

    @Test
    void contradictorySettingsAreRejected() {
        assertRejected(b -> b.writeBackoffMin(Duration.ofSeconds(2)).writeBackoffMax(Duration.ofSeconds(1)),
                "writeBackoffMin: must not exceed writeBackoffMax");
        assertRejected(b -> b.maxInFlightRequestsPerBroker(6), "at most 5 with idempotence");
        assertThat(minimal().idempotent(false).maxInFlightRequestsPerBroker(6).build().maxInFlightRequestsPerBroker())
                .isEqualTo(6);
        assertRejected(b -> b.batchBytes(2048).bufferedBytesLimit(1024), "bufferedBytesLimit: must be at least batchBytes");
    }

    private static void assertRejected(UnaryOperator<WriterConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(minimal()).build())
                .isInstanceOf(KafkaConfigException.class)
                .hasMessageContaining(message);
    }
}
