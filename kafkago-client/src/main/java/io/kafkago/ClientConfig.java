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
     * @throws KafkaConfigException when no broker is given, the dialer is missing or the timeout is not positive
     */
    public ClientConfig {
        if (brokers == null || brokers.isEmpty()) {
            throw new KafkaConfigException("brokers: at least one bootstrap address is required");
        }
        brokers = List.copyOf(brokers);
        if (dialer == null) {
            throw new KafkaConfigException("dialer: must not be null");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new KafkaConfigException("timeout: must be a positive duration, got " + timeout);
        }
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's settings. */
    public Builder toBuilder() {
        return new Builder().brokers(brokers).dialer(dialer).timeout(timeout);
    }

    /** Collects settings for a {@link ClientConfig}; not thread-safe. */
    public static final class Builder {
        private List<String> brokers = DEFAULT_BROKERS;
        private Dialer dialer = Dialer.defaultDialer();
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** Bootstrap addresses; default {@link #DEFAULT_BROKERS}. */
        public Builder brokers(String... brokers) {
            return brokers(List.of(brokers));
        }

        /** Bootstrap addresses; default {@link #DEFAULT_BROKERS}. */
        public Builder brokers(List<String> brokers) {
            this.brokers = brokers;
            return this;
        }

        /** Connection settings; default {@link Dialer#defaultDialer()}. */
        public Builder dialer(Dialer dialer) {
            this.dialer = dialer;
            return this;
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
            return new ClientConfig(brokers, dialer, timeout);
        }
    }
}
