package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Client;
import io.kafkago.Writer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A {@code kafkago} health indicator (broker reachability, through the admin {@link Client} bean's connections)
 * when Spring Boot's health support is present; turn it off with {@code management.health.kafkago.enabled=false}.
 */
@AutoConfiguration(after = KafkaGoAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, Writer.class})
@ConditionalOnBean(Client.class)
@ConditionalOnEnabledHealthIndicator("kafkago")
public final class KafkaGoHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kafkagoHealthIndicator")
    KafkaGoHealthIndicator kafkagoHealthIndicator(Client client) {
        return new KafkaGoHealthIndicator(client);
    }
}
