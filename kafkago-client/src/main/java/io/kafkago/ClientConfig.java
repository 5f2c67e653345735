package io.kafkago;

import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link Client}: where the cluster is, how to connect, and how long one admin
 * operation may take in total (retries of retriable errors included).
 *
 * @param brokers bootstrap addresses ({@code host:port}); default {@link #DEFAULT_BROKERS}
 * @param dialer client id, timeouts, TLS and SASL for every connection; default {@link Dialer#defaultDialer()}
 * @param timeout limit for one operation; default {@link #DEFAULT_TIMEOUT}
 */
public record ClientConfig(List<String> brokers, Dialer dialer, Duration timeout) {

    /** Default bootstrap address: {@code localhost:9092}. */
    public static final List<String> DEFAULT_BROKERS = List.of("localhost:9092");
    /** Default operation timeout: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Validates and copies.
     *
     * @throws KafkaConfigException naming the setting when a broker address is malformed, none is given, the dialer is
     *                              missing or the timeout is not positive
     */
    public ClientConfig {
        brokers = ConfigChecks.brokers("ClientConfig.brokers", brokers);
        ConfigChecks.required("ClientConfig.dialer", dialer);
        ConfigChecks.positive("ClientConfig.timeout", timeout);
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's settings. */
    public Builder toBuilder() {
        return new Builder().brokers(brokers).dialer(dialer).timeout(timeout);
    }

    /**
     * Collects settings for a {@link ClientConfig}; not thread-safe. {@code brokers} defaults to
     * {@link #DEFAULT_BROKERS}.
     */
    public static final class Builder extends ClusterConnectionBuilder<Builder> {
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
            super(DEFAULT_BROKERS);
        }

        /** Limit for one operation; default {@link #DEFAULT_TIMEOUT}. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws KafkaConfigException see {@link ClientConfig#ClientConfig}
         */
        public ClientConfig build() {
            return new ClientConfig(bootstrapBrokers(), buildDialer(), timeout);
        }
    }
}
