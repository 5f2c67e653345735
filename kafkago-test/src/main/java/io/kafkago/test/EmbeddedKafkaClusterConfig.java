package io.kafkago.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run an {@link EmbeddedKafkaCluster}: number of brokers and broker configuration.
 *
 * @param brokers number of brokers; 1 runs one combined broker+controller node, more run that many brokers next to a
 *                separate controller (so stopping any broker leaves the metadata quorum intact). Default
 *                {@link #DEFAULT_BROKERS}.
 * @param brokerProperties broker configs applied on top of the test defaults (see {@link EmbeddedKafkaCluster}); never
 *                         null, unmodifiable
 * @param operationTimeout how long start-up, restarts and topic operations may take before they fail with a
 *                         {@link KafkaTestSetupException}. Default {@link #DEFAULT_OPERATION_TIMEOUT}.
 * @param securityListeners whether brokers also open the {@link io.kafkago.test.security.SecureListener secured
 *                          listeners} (SASL_PLAINTEXT, SASL_SSL, SSL, SSL with a wrong-host certificate, mutual TLS),
 *                          described by
 *                          {@link EmbeddedKafkaCluster#security()}. Default {@link #DEFAULT_SECURITY_LISTENERS}.
 * @param featureLevels cluster feature levels the cluster bootstraps with instead of this Kafka version's defaults
 *                      (for example {@code transaction.version} 1, to test clients against the classic transaction
 *                      protocol); never null, unmodifiable, empty by default
 * @param brokerRacks the {@code broker.rack} of each broker in id order (for rack-aware assignment and fetching from
 *                    the closest replica); empty (the default) for no racks, else one per broker
 */
public record EmbeddedKafkaClusterConfig(int brokers, Map<String, String> brokerProperties, Duration operationTimeout,
        boolean securityListeners, Map<String, Short> featureLevels, List<String> brokerRacks) {

    /** One broker: enough for everything but failover tests. */
    public static final int DEFAULT_BROKERS = 1;

    /** Upper bound for cluster operations; generous so that a loaded CI machine does not fail tests spuriously. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);

    /** Plaintext only: generating certificates and SASL users costs time most tests do not need. */
    public static final boolean DEFAULT_SECURITY_LISTENERS = false;

    /** Most brokers one cluster may have; each in-JVM broker costs threads and memory. */
    public static final int MAX_BROKERS = 9;

    /** Validates and copies the arguments; prefer {@link #builder()}. */
    public EmbeddedKafkaClusterConfig {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("brokers must be between 1 and " + MAX_BROKERS + ", got " + brokers);
        }
        Objects.requireNonNull(brokerProperties, "brokerProperties");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        if (operationTimeout.isNegative() || operationTimeout.isZero()) {
            throw new IllegalArgumentException("operationTimeout must be positive, got " + operationTimeout);
        }
        brokerProperties.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException("broker property keys must be non-blank and values non-null: "
                        + key + "=" + value);
            }
        });
        brokerProperties = Map.copyOf(brokerProperties);
        featureLevels = Map.copyOf(Objects.requireNonNull(featureLevels, "featureLevels"));
        brokerRacks = List.copyOf(Objects.requireNonNull(brokerRacks, "brokerRacks"));
        if (!brokerRacks.isEmpty() && brokerRacks.size() != brokers) {
            throw new IllegalArgumentException("brokerRacks needs one rack per broker (" + brokers + "), got "
                    + brokerRacks);
        }
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder().brokers(brokers).operationTimeout(operationTimeout)
                .securityListeners(securityListeners);
        builder.brokerProperties.putAll(brokerProperties);
        builder.featureLevels.putAll(featureLevels);
        return builder.brokerRacks(brokerRacks.toArray(String[]::new));
    }

    /** Builds an {@link EmbeddedKafkaClusterConfig}; {@link #build()} validates. */
    public static final class Builder {

        private int brokers = DEFAULT_BROKERS;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
        private boolean securityListeners = DEFAULT_SECURITY_LISTENERS;
        private final Map<String, Short> featureLevels = new LinkedHashMap<>();
        private List<String> brokerRacks = List.of();

        private Builder() {
        }

        /** Number of brokers, 1 to {@link #MAX_BROKERS}. */
        public Builder brokers(int brokers) {
            this.brokers = brokers;
            return this;
        }

        /** Sets one broker config (for example {@code log.retention.ms}); later calls win. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /** Sets several broker configs; later calls win. */
        public Builder brokerProperties(Map<String, String> properties) {
            brokerProperties.putAll(properties);
            return this;
        }

        /** Upper bound for start-up, restarts and topic operations. */
        public Builder operationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
            return this;
        }

        /**
         * Whether brokers also open the secured listeners (SASL_PLAINTEXT, SASL_SSL, SSL, SSL_WRONG_HOST, MUTUAL_TLS).
         */
        public Builder securityListeners(boolean securityListeners) {
            this.securityListeners = securityListeners;
            return this;
        }

        /** Bootstraps the cluster with feature {@code name} at {@code level} instead of its default. */
        public Builder featureLevel(String name, short level) {
            featureLevels.put(name, level);
            return this;
        }

        /** The {@code broker.rack} of each broker, in id order; none by default. */
        public Builder brokerRacks(String... racks) {
            this.brokerRacks = List.of(racks);
            return this;
        }

        /** Validates the settings and returns the config. */
        public EmbeddedKafkaClusterConfig build() {
            return new EmbeddedKafkaClusterConfig(brokers, brokerProperties, operationTimeout, securityListeners,
                    featureLevels, brokerRacks);
        }
    }
}
