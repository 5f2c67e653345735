package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Writer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A {@code kafkago} health indicator (broker reachability) when Spring Boot's health support is present;
 * turn it off with {@code management.health.kafkago.enabled=false}.
 */
@AutoConfiguration(after = KafkaGoAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, Writer.class})
@ConditionalOnBean(KafkaGoConfigFactory.class)
@ConditionalOnEnabledHealthIndicator("kafkago")
public final class KafkaGoHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkagoHealthIndicator")
    KafkaGoHealthIndicator kafkagoHealthIndicator(KafkaGoConnectionDetails connectionDetails,
            KafkaGoConfigFactory configs, KafkaGoProperties properties) {
        return new KafkaGoHealthIndicator(connectionDetails::getBrokers, configs.dialer(), properties.getDialTimeout());
    }
}
