package io.kafkago.spring.boot.testcontainers;

import org.testcontainers.kafka.ConfluentKafkaContainer;

/** {@code @ServiceConnection} for Confluent Platform Kafka containers ({@code confluentinc/cp-kafka}). */
final class ConfluentKafkaContainerConnectionDetailsFactory
        extends KafkaGoContainerConnectionDetailsFactory<ConfluentKafkaContainer> {

    ConfluentKafkaContainerConnectionDetailsFactory() {
        super(ConfluentKafkaContainer::getBootstrapServers);
    }
}
