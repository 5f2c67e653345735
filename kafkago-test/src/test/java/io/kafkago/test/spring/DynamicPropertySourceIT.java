package io.kafkago.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestClusters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(DynamicPropertySourceIT.EmptyConfiguration.class)
class DynamicPropertySourceIT {

    @Configuration(proxyBeanMethods = false)
    static class EmptyConfiguration {
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        KafkaGoTestProperties.registerBrokers(registry);
    }

    @Value("${kafkago.brokers}")
    String brokers;

    @Test
    void registersTheSharedBrokerAddress() {
        assertThat(brokers).isEqualTo(KafkaTestClusters.shared().bootstrapServers());
    }
}
