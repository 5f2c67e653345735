package io.kafkago.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@KafkaTest
class SharedClusterIT {

    static KafkaTestCluster staticField;
    KafkaTestCluster instanceField;

    @Test
    void injectsTheSharedClusterIntoFieldsAndParameters(KafkaTestCluster parameter) {
        assertThat(staticField).isNotNull().isSameAs(instanceField).isSameAs(parameter)
                .isSameAs(KafkaTestClusters.shared());
    }

    @Test
    void closingTheSharedClusterLeavesItRunning() throws Exception {
        instanceField.close();
        String topic = instanceField.createUniqueTopic("still-running", 1);
        Map<String, Object> properties = new HashMap<>(instanceField.clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>(topic, "value")).get(30, TimeUnit.SECONDS).offset())
                    .isZero();
        }
    }

    @Nested
    class NestedTests {

        KafkaTestCluster nestedField;

        @Test
        void nestedClassesGetTheSameCluster() {
            assertThat(nestedField).isSameAs(instanceField);
            assertThat(List.of(nestedField.bootstrapServers().split(","))).isNotEmpty();
        }
    }
}
