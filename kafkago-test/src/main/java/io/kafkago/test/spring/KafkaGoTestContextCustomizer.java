package io.kafkago.test.spring;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registers the shared test broker as a bean named {@value #CLUSTER_BEAN_NAME} (kafkago's auto-configuration makes
 * its connection details from it) and, when a property is named, adds the bootstrap servers as that property ahead
 * of every other source. Equal customizers (same property) let Spring reuse cached contexts.
 */
final class KafkaGoTestContextCustomizer implements ContextCustomizer {

    /** Name of the property source carrying the broker address. */
    static final String PROPERTY_SOURCE_NAME = "kafkagoTestBroker";
    /** Name of the {@link KafkaTestCluster} bean. */
    static final String CLUSTER_BEAN_NAME = "kafkaTestCluster";

    private final String property;

    /** @param property receives the bootstrap servers; empty for none */
    KafkaGoTestContextCustomizer(String property) {
        this.property = property;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        KafkaTestCluster cluster = KafkaTestClusters.shared();
        if (!property.isEmpty()) {
            context.getEnvironment().getPropertySources().addFirst(
                    new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(property, cluster.bootstrapServers())));
        }
        context.getBeanFactory().registerSingleton(CLUSTER_BEAN_NAME, cluster);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaGoTestContextCustomizer customizer && customizer.property.equals(property);
    }

    @Override
    public int hashCode() {
        return Objects.hash(KafkaGoTestContextCustomizer.class, property);
    }
}
