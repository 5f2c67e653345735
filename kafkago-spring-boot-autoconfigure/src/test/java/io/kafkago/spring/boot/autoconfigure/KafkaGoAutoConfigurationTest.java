package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Client;
import io.kafkago.ClientConfig;
import io.kafkago.Compression;
import io.kafkago.IsolationLevel;
import io.kafkago.KafkaConfigException;
import io.kafkago.LeastBytes;
import io.kafkago.Murmur2Balancer;
import io.kafkago.ReaderConfig;
import io.kafkago.RequiredAcks;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.spring.transaction.ThreadTransactions;
import io.kafkago.sasl.OAuthBearer;
import io.kafkago.sasl.Plain;
import io.kafkago.sasl.Scram;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class KafkaGoAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class));

    @Test
    void defaultsGiveTheClientDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(KafkaGoProperties.class)
                    .hasSingleBean(PropertiesKafkaGoConnectionDetails.class)
                    .hasSingleBean(KafkaGoConfigFactory.class)
                    .hasSingleBean(WriterConfig.class)
                    .hasSingleBean(Writer.class)
                    .hasSingleBean(Client.class)
                    .doesNotHaveBean(ReaderConfig.class);
            WriterConfig config = context.getBean(WriterConfig.class);
            assertThat(config.balancer()).isInstanceOf(Murmur2Balancer.class);
            assertThat(config).isEqualTo(WriterConfig.builder().brokers("localhost:9092").balancer(config.balancer())
                    .transactionBinding(context.getBean(ThreadTransactions.class)).build());
            assertThat(config.deliveryTimeout()).isEqualTo(WriterConfig.DEFAULT_DELIVERY_TIMEOUT);
            assertThat(config.maxAttempts()).as("unlimited within the delivery timeout").isEqualTo(Integer.MAX_VALUE);
            assertThat(context.getBean(Writer.class).config()).isSameAs(config);
        });
    }

    @Test
    void readerDefaultsGiveTheClientDefaults() {
        runner.withPropertyValues("kafkago.reader.topic=orders").run(context -> {
            ReaderConfig config = context.getBean(ReaderConfig.class);
            assertThat(config).isEqualTo(ReaderConfig.builder().brokers("localhost:9092").topic("orders")
                    .groupBalancers(config.groupBalancers())
                    .onPartitionsAssigned(config.onPartitionsAssigned())
                    .onPartitionsRevoked(config.onPartitionsRevoked()).build());
        });
    }

    @Test
    void writerPropertiesAreMapped() {
        runner.withPropertyValues("kafkago.brokers=b1:9092,b2:9093", "kafkago.client-id=shop",
                "kafkago.dial-timeout=3s", "kafkago.writer.topic=orders", "kafkago.writer.balancer=least-bytes",
                "kafkago.writer.batch-size=50", "kafkago.writer.batch-bytes=64KB", "kafkago.writer.batch-timeout=5ms",
                "kafkago.writer.required-acks=one", "kafkago.writer.async=true", "kafkago.writer.compression=zstd",
                "kafkago.writer.max-attempts=4", "kafkago.writer.delivery-timeout=45s", "kafkago.writer.close-timeout=7s",
                "kafkago.writer.write-backoff-min=20ms", "kafkago.writer.write-backoff-max=2s",
                "kafkago.writer.read-timeout=4s", "kafkago.writer.write-timeout=6s",
                "kafkago.writer.allow-auto-topic-creation=true", "kafkago.writer.max-in-flight-requests-per-broker=2",
                "kafkago.writer.buffered-bytes-limit=8MB", "kafkago.writer.metadata-max-age=1m").run(context -> {
            WriterConfig config = context.getBean(WriterConfig.class);
            assertThat(config.brokers()).containsExactly("b1:9092", "b2:9093");
            assertThat(config.dialer().clientId()).isEqualTo("shop");
            assertThat(config.dialer().dialTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.topic()).isEqualTo("orders");
            assertThat(config.balancer()).isInstanceOf(LeastBytes.class);
            assertThat(config.batchSize()).isEqualTo(50);
            assertThat(config.batchBytes()).isEqualTo(64 * 1024);
            assertThat(config.batchTimeout()).isEqualTo(Duration.ofMillis(5));
            assertThat(config.requiredAcks()).isEqualTo(RequiredAcks.ONE);
            assertThat(config.idempotent()).isFalse();
            assertThat(config.async()).isTrue();
            assertThat(config.compression()).isEqualTo(Compression.ZSTD);
            assertThat(config.maxAttempts()).isEqualTo(4);
            assertThat(config.deliveryTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(config.writeBackoffMin()).isEqualTo(Duration.ofMillis(20));
            assertThat(config.writeBackoffMax()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(4));
            assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(6));
            assertThat(config.allowAutoTopicCreation()).isTrue();
            assertThat(config.maxInFlightRequestsPerBroker()).isEqualTo(2);
            assertThat(config.bufferedBytesLimit()).isEqualTo(8L * 1024 * 1024);
            assertThat(config.metadataMaxAge()).isEqualTo(Duration.ofMinutes(1));
        });
    }

    @Test
    void readerPropertiesAreMapped() {
        runner.withPropertyValues("kafkago.brokers=b1:9092", "kafkago.client-id=shop", "kafkago.reader.topic=orders",
                "kafkago.reader.group-id=billing", "kafkago.reader.group-instance-id=billing-1",
                "kafkago.reader.start-offset=last", "kafkago.reader.min-bytes=10KB", "kafkago.reader.max-bytes=10MB",
                "kafkago.reader.max-wait=250ms", "kafkago.reader.queue-capacity=64",
                "kafkago.reader.queue-capacity-bytes=8MB", "kafkago.reader.max-decompressed-batch-bytes=16MB",
                "kafkago.reader.commit-interval=1s", "kafkago.reader.session-timeout=20s",
                "kafkago.reader.heartbeat-interval=2s", "kafkago.reader.rebalance-timeout=30s",
                "kafkago.reader.isolation-level=read-uncommitted", "kafkago.reader.operation-timeout=45s",
                "kafkago.reader.request-timeout=15s", "kafkago.reader.rack-id=eu-1a").run(context -> {
            ReaderConfig config = context.getBean(ReaderConfig.class);
            assertThat(config.brokers()).containsExactly("b1:9092");
            assertThat(config.dialer().clientId()).isEqualTo("shop");
            assertThat(config.topic()).isEqualTo("orders");
            assertThat(config.groupId()).isEqualTo("billing");
            assertThat(config.groupInstanceId()).isEqualTo("billing-1");
            assertThat(config.startOffset()).isEqualTo(ReaderConfig.LAST_OFFSET);
            assertThat(config.minBytes()).isEqualTo(10 * 1024);
            assertThat(config.maxBytes()).isEqualTo(10 * 1024 * 1024);
            assertThat(config.maxWait()).isEqualTo(Duration.ofMillis(250));
            assertThat(config.queueCapacity()).isEqualTo(64);
            assertThat(config.queueCapacityBytes()).isEqualTo(8L * 1024 * 1024);
            assertThat(config.maxDecompressedBatchBytes()).isEqualTo(16 * 1024 * 1024);
            assertThat(config.commitInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.rebalanceTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.isolationLevel()).isEqualTo(IsolationLevel.READ_UNCOMMITTED);
            assertThat(config.operationTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(config.dialer().requestTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(config.rackId()).isEqualTo("eu-1a");
        });
    }

    @Test
    void adminClientConfigCarriesTheConnectionSettings() {
        runner.withPropertyValues("kafkago.brokers=b1:9092", "kafkago.client-id=shop", "kafkago.admin.timeout=12s",
                "kafkago.sasl.mechanism=plain", "kafkago.sasl.username=u", "kafkago.sasl.password=p").run(context -> {
            ClientConfig config = context.getBean(KafkaGoConfigFactory.class).clientConfigBuilder().build();
            assertThat(config.brokers()).containsExactly("b1:9092");
            assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(12));
            assertThat(config.dialer().clientId()).isEqualTo("shop");
            assertThat(config.dialer().sasl()).isEqualTo(new Plain("u", "p"));
        });
    }

    @Test
    void saslPropertiesBecomeTheMechanismAndSecretsStayOutOfToString() {
        runner.withPropertyValues("kafkago.sasl.mechanism=scram-sha-512", "kafkago.sasl.username=alice",
                "kafkago.sasl.password=s3cr3t-pw").run(context -> {
            WriterConfig config = context.getBean(WriterConfig.class);
            assertThat(config.dialer().sasl()).isEqualTo(Scram.sha512("alice", "s3cr3t-pw"));
            assertThat(config.toString()).doesNotContain("s3cr3t-pw");
            assertThat(context.getBean(KafkaGoProperties.class).getSasl().toString()).doesNotContain("s3cr3t-pw");
        });
        runner.withPropertyValues("kafkago.sasl.mechanism=plain", "kafkago.sasl.username=bob",
                "kafkago.sasl.password=pw").run(context ->
                assertThat(context.getBean(WriterConfig.class).dialer().sasl()).isEqualTo(new Plain("bob", "pw")));
        runner.withPropertyValues("kafkago.sasl.mechanism=oauthbearer", "kafkago.sasl.token=tok-123").run(context ->
                assertThat(context.getBean(WriterConfig.class).dialer().sasl()).isInstanceOf(OAuthBearer.class));
    }

    @Test
    void saslWithoutItsCredentialsFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("kafkago.sasl.mechanism=scram-sha-256", "kafkago.sasl.username=alice").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("kafkago.sasl.mechanism=SCRAM_SHA_256 needs kafkago.sasl.password");
        });
    }

    @Test
    void tlsComesFromTheNamedSslBundleOrTheSystemDefault() {
        runner.withPropertyValues("kafkago.tls.enabled=true").run(context -> {
            assertThat(context.getBean(WriterConfig.class).dialer().tls()).isNotNull();
            assertThat(context.getBean(WriterConfig.class).dialer().tls().hostnameVerification()).isTrue();
        });
        runner.withBean(SslBundles.class, () -> {
            DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
            registry.registerBundle("corp", SslBundle.systemDefault());
            return registry;
        }).withPropertyValues("kafkago.tls.bundle=corp", "kafkago.tls.verify-hostname=false").run(context -> {
            assertThat(context.getBean(WriterConfig.class).dialer().tls().hostnameVerification()).isFalse();
            assertThat(context.getBean(WriterConfig.class).dialer().tls()).isSameAs(context.getBean(KafkaGoConfigFactory.class).tls());
        });
        runner.run(context -> assertThat(context.getBean(WriterConfig.class).dialer().tls()).isNull());
    }

    @Test
    void userBeansBackTheDefaultsOff() {
        WriterConfig own = WriterConfig.builder().brokers("own:9092").topic("own").build();
        runner.withBean(WriterConfig.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(WriterConfig.class);
            assertThat(context.getBean(Writer.class).config()).isSameAs(own);
        });
        runner.withBean("myWriter", Writer.class, () -> new Writer(own)).run(context -> {
            assertThat(context).hasSingleBean(Writer.class);
            assertThat(context).hasBean("myWriter");
        });
        runner.withBean(KafkaGoConnectionDetails.class, () -> () -> List.of("details:1234"))
                .withPropertyValues("kafkago.brokers=ignored:9092").run(context -> {
            assertThat(context).doesNotHaveBean(PropertiesKafkaGoConnectionDetails.class);
            assertThat(context.getBean(WriterConfig.class).brokers()).containsExactly("details:1234");
        });
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        runner.withUserConfiguration(Customizers.class).withPropertyValues("kafkago.writer.batch-size=10",
                "kafkago.reader.topic=t").run(context -> {
            assertThat(context.getBean(WriterConfig.class).batchSize()).isEqualTo((10 + 1) * 3);
            assertThat(context.getBean(ReaderConfig.class).queueCapacity()).isEqualTo(7);
        });
    }

    @Test
    void badValuesFailStartUpWithAnAnalysisNamingTheProperty() {
        runner.withPropertyValues("kafkago.writer.batch-size=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(KafkaConfigException.class)
                    .hasMessageContaining("WriterConfig.batchSize");
            FailureAnalysis analysis = new KafkaGoConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("kafkago.writer.batch-size").contains("at least 1");
            assertThat(analysis.getAction()).contains("kafkago.writer.batch-size");
        });
        runner.withPropertyValues("kafkago.reader.topic=t", "kafkago.reader.heartbeat-interval=1m").run(context -> {
            FailureAnalysis analysis = new KafkaGoConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("kafkago.reader.heartbeat-interval");
        });
        runner.withPropertyValues("kafkago.brokers=not-an-address").run(context -> {
            FailureAnalysis analysis = new KafkaGoConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("property 'kafkago.brokers'");
        });
        runner.withPropertyValues("kafkago.writer.batch-bytes=3GB").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageStartingWith("kafkago.writer.batch-bytes: must be at most 2147483647 bytes"));
        runner.withPropertyValues("kafkago.writer.compression=brotli").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("kafkago.writer.compression");
        });
    }

    @Test
    void backsOffWithoutTheClient() {
        runner.withClassLoader(new FilteredClassLoader(Writer.class)).run(context ->
                assertThat(context).doesNotHaveBean(KafkaGoProperties.class).doesNotHaveBean(WriterConfig.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        @Order(2)
        WriterConfigCustomizer triple() {
            return builder -> builder.batchSize(builder.build().batchSize() * 3);
        }

        @Bean
        @Order(1)
        WriterConfigCustomizer plusOne() {
            return builder -> builder.batchSize(builder.build().batchSize() + 1);
        }

        @Bean
        ReaderConfigCustomizer smallQueue() {
            return builder -> builder.queueCapacity(7);
        }
    }
}
