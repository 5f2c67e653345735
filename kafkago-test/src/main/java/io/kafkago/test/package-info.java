/**
 * Real Apache Kafka brokers for tests: an in-JVM KRaft cluster, Testcontainers' Kafka container, or an external
 * broker, all behind {@link io.kafkago.test.KafkaTestCluster}.
 *
 * <p>Logging: the broker logs through slf4j. Test modules choose the binding; {@code slf4j-simple} with a
 * {@code simplelogger.properties} such as {@code org.slf4j.simpleLogger.defaultLogLevel=warn} keeps broker INFO
 * chatter out of test output while warnings and errors stay visible.
 */
package io.kafkago.test;
