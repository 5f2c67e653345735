package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Writer;
import io.kafkago.spring.listener.DefaultKafkaGoListenerRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A {@code kafkagoListeners} health indicator (listener containers: stalled dead letters, slow handlers) when
 * Spring Boot's health support is present; turn it off with {@code management.health.kafkagolisteners.enabled=false}.
 */
@AutoConfiguration(after = KafkaGoListenerAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, Writer.class})
@ConditionalOnBean(DefaultKafkaGoListenerRegistry.class)
@ConditionalOnEnabledHealthIndicator("kafkagolisteners")
public final class KafkaGoListenersHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkagoListenersHealthIndicator")
    KafkaGoListenersHealthIndicator kafkagoListenersHealthIndicator(DefaultKafkaGoListenerRegistry registry) {
        return new KafkaGoListenersHealthIndicator(registry);
    }
}
