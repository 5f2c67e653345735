package io.kafkago.samples.orders;

/** An order as it travels through Kafka, as JSON. A negative amount is a bad order that billing rejects. */
public record Order(String id, int cents) {
}
