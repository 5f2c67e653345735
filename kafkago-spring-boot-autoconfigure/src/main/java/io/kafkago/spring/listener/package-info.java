/** Machinery behind {@code @KafkaGoListener}: endpoint discovery, argument resolution, containers, retries, dead letters. */
package io.kafkago.spring.listener;
