/** The Spring Boot sample: an order pipeline with an injected Writer, listeners and a dead-letter topic. */
package io.kafkago.samples.orders;
