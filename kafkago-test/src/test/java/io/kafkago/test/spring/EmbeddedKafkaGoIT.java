package io.kafkago.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(EmbeddedKafkaGoIT.EmptyConfiguration.class)
@TestPropertySource(properties = "kafkago.brokers=localhost:1")
@EmbeddedKafkaGo
class EmbeddedKafkaGoIT {

    @Configuration(proxyBeanMethods = false)
    static class EmptyConfiguration {
    }

    @Value("${kafkago.brokers}")
    String brokers;

    @Autowired
    KafkaTestCluster cluster;

    @Autowired
    Environment environment;

    @Test
    void registersTheSharedClusterAsABeanAndLeavesThePropertiesAlone() {
        assertThat(cluster).isSameAs(KafkaTestClusters.shared());
        assertThat(brokers).as("kafkago connects through its connection details, not a property").isEqualTo("localhost:1");
        assertThat(((ConfigurableEnvironment) environment).getPropertySources().contains("kafkagoTestBroker")).isFalse();
    }

    @Test
    void theClusterBeanIsARealBroker() throws Exception {
        String topic = cluster.createUniqueTopic("spring", 1);
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>(topic, "hello")).get(30, TimeUnit.SECONDS).offset()).isZero();
        }
    }
}
