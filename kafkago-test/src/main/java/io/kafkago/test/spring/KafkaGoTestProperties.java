package io.kafkago.test.spring;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * For tests that prefer {@code @DynamicPropertySource} to {@link EmbeddedKafkaGo}:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void kafka(DynamicPropertyRegistry registry) {
 *     KafkaGoTestProperties.registerBrokers(registry);
 * }
 * }</pre>
 */
public final class KafkaGoTestProperties {

    /** The kafkago Spring Boot property listing the brokers to bootstrap from. */
    public static final String BROKERS_PROPERTY = "kafkago.brokers";

    private KafkaGoTestProperties() {
    }

    /** Sets {@value #BROKERS_PROPERTY} to the shared test broker, starting it when the property is first read. */
    public static void registerBrokers(DynamicPropertyRegistry registry) {
        registry.add(BROKERS_PROPERTY, () -> KafkaTestClusters.shared().bootstrapServers());
    }

    /** Sets {@value #BROKERS_PROPERTY} to the given cluster's bootstrap servers. */
    public static void registerBrokers(DynamicPropertyRegistry registry, KafkaTestCluster cluster) {
        registry.add(BROKERS_PROPERTY, cluster::bootstrapServers);
    }
}
