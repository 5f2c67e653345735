package io.kafkago.spring.boot.testcontainers;

import org.testcontainers.kafka.KafkaContainer;

/** {@code @ServiceConnection} for Apache Kafka containers ({@code apache/kafka}, {@code apache/kafka-native}). */
final class KafkaContainerConnectionDetailsFactory extends KafkaGoContainerConnectionDetailsFactory<KafkaContainer> {

    KafkaContainerConnectionDetailsFactory() {
        super(KafkaContainer::getBootstrapServers);
    }
}
