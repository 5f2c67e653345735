/** Testcontainers {@code @ServiceConnection} support: Kafka containers give {@code KafkaGoConnectionDetails}. */
package io.kafkago.spring.boot.testcontainers;
