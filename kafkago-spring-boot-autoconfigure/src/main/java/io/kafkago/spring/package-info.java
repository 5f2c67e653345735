/** What Spring applications import to consume with kafkago: {@code @KafkaGoListener}, parameter annotations, the listener registry. */
package io.kafkago.spring;
