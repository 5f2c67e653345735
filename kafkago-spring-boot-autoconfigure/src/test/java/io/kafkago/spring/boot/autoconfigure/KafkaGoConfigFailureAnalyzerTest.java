package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaGoConfigFailureAnalyzerTest {

    @Test
    void configFieldsMapToTheirProperties() {
        assertThat(KafkaGoConfigFailureAnalyzer.propertyFor("WriterConfig.batchSize: must be at least 1, got 0"))
                .isEqualTo("kafkago.writer.batch-size");
        assertThat(KafkaGoConfigFailureAnalyzer.propertyFor("ReaderConfig.maxWait: must be positive"))
                .isEqualTo("kafkago.reader.max-wait");
        assertThat(KafkaGoConfigFailureAnalyzer.propertyFor("ReaderConfig.clientId: required"))
                .isEqualTo("kafkago.client-id");
        assertThat(KafkaGoConfigFailureAnalyzer.propertyFor("kafkago.listener.*: concurrency must be at least 1"))
                .isEqualTo("kafkago.listener.*");
        assertThat(KafkaGoConfigFailureAnalyzer.propertyFor("something else")).isNull();
        assertThat(KafkaGoConfigFailureAnalyzer.propertyFor(null)).isNull();
    }

    @Test
    void everyBalancerTypeCreatesAFreshBalancer() {
        for (BalancerType type : BalancerType.values()) {
            assertThat(type.create()).isNotNull().isNotSameAs(type.create());
        }
    }
}
