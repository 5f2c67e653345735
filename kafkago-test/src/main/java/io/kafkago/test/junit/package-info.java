/** JUnit Jupiter support: {@link io.kafkago.test.junit.KafkaTest} gives a test class a real Kafka broker. */
package io.kafkago.test.junit;
