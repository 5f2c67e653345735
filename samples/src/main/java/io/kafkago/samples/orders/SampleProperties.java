package io.kafkago.samples.orders;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample.
 *
 * @param topic the topic orders are written to
 * @param messages how many orders to write before stopping; 0 writes forever
 * @param ratePerSecond orders written per second when running forever
 * @param badOrderEvery every n-th order is a bad one that billing rejects, so it is dead-lettered; 0 for none
 */
@ConfigurationProperties("sample")
public record SampleProperties(String topic, long messages, int ratePerSecond, int badOrderEvery) {

    public SampleProperties {
        if (topic == null || topic.isBlank()) {
            topic = "orders";
        }
        if (ratePerSecond <= 0) {
            ratePerSecond = 50;
        }
    }

    /** Whether the sample stops by itself after writing {@link #messages()} orders. */
    public boolean bounded() {
        return messages > 0;
    }
}
