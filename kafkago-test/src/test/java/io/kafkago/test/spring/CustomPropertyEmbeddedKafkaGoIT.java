package io.kafkago.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestClusters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(CustomPropertyEmbeddedKafkaGoIT.EmptyConfiguration.class)
@EmbeddedKafkaGo(property = "app.kafka.servers")
class CustomPropertyEmbeddedKafkaGoIT {

    @Configuration(proxyBeanMethods = false)
    static class EmptyConfiguration {
    }

    @Value("${app.kafka.servers}")
    String servers;

    @Test
    void setsTheNamedProperty() {
        assertThat(servers).isEqualTo(KafkaTestClusters.shared().bootstrapServers());
    }
}
