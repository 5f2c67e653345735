package io.kafkago.spring.boot.test;

import io.kafkago.Writer;
import io.kafkago.spring.boot.autoconfigure.KafkaGoAutoConfiguration;
import io.kafkago.spring.boot.autoconfigure.KafkaGoConnectionDetails;
import io.kafkago.test.KafkaTestCluster;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Connects kafkago to the kafkago-test cluster of a Spring test: {@code @EmbeddedKafkaGo} registers the cluster as a
 * bean, and its {@link KafkaTestClusterConnectionDetails} then replace {@code kafkago.brokers}, {@code kafkago.tls.*}
 * and {@code kafkago.sasl.*} for every kafkago bean, as Testcontainers' {@code @ServiceConnection} does. A
 * {@link KafkaGoConnectionDetails} bean of the application wins.
 */
@AutoConfiguration(before = KafkaGoAutoConfiguration.class)
@ConditionalOnClass({Writer.class, KafkaTestCluster.class})
@ConditionalOnBean(KafkaTestCluster.class)
public final class KafkaGoTestClusterAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(KafkaGoConnectionDetails.class)
    KafkaTestClusterConnectionDetails kafkaGoTestClusterConnectionDetails(KafkaTestCluster cluster) {
        return new KafkaTestClusterConnectionDetails(cluster);
    }
}
