package io.kafkago.test.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a {@link KafkaProcessCluster}: number of brokers, broker configuration, the nodes' JVM options and
 * timeouts.
 *
 * @param brokers number of broker processes next to the one controller process, 1 to {@link #MAX_BROKERS}. Default
 *                {@link #DEFAULT_BROKERS}.
 * @param brokerProperties configs applied on top of the cluster's settings (see {@link KafkaProcessCluster}); they go
 *                         to the controller too, which in KRaft applies topic defaults such as {@code num.partitions}.
 *                         Never null, unmodifiable.
 * @param jvmOptions options of every node's JVM. Default {@link #DEFAULT_JVM_OPTIONS}.
 * @param operationTimeout how long starting the cluster, restarting a broker, a reassignment or an election may take
 *                         before it fails with a {@link io.kafkago.test.KafkaTestSetupException}. Default
 *                         {@link #DEFAULT_OPERATION_TIMEOUT}.
 * @param adminTimeout how long one administrative call (describe, create topic, ...) may take. Default
 *                     {@link #DEFAULT_ADMIN_TIMEOUT}.
 */
public record KafkaProcessClusterConfig(int brokers, Map<String, String> brokerProperties, List<String> jvmOptions,
        Duration operationTimeout, Duration adminTimeout) {

    /** Three brokers: enough for replication factor 3 with {@code min.insync.replicas=2}. */
    public static final int DEFAULT_BROKERS = 3;

    /** Most brokers one cluster may have; each is a JVM of its own. */
    public static final int MAX_BROKERS = 9;

    /**
     * Small heap, serial GC and the C1 compiler only: this cuts a node's start-up CPU by about 40% (5.5 s to 3.3 s on
     * a 2-core machine, before class-data sharing halves it again), and test traffic needs no peak throughput.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /** Generous, so that a loaded CI machine does not fail tests spuriously; a timeout is a safety net. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMinutes(2);

    /** Bounds one admin call, so a call against a half-dead cluster fails instead of hanging the test. */
    public static final Duration DEFAULT_ADMIN_TIMEOUT = Duration.ofSeconds(15);

    /** Validates and copies the arguments; prefer {@link #builder()}. */
    public KafkaProcessClusterConfig {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("brokers must be between 1 and " + MAX_BROKERS + ", got " + brokers);
        }
        Objects.requireNonNull(brokerProperties, "brokerProperties");
        Objects.requireNonNull(jvmOptions, "jvmOptions");
        requirePositive(operationTimeout, "operationTimeout");
        requirePositive(adminTimeout, "adminTimeout");
        brokerProperties.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException("broker property keys must be non-blank and values non-null: "
                        + key + "=" + value);
            }
        });
        brokerProperties = Map.copyOf(brokerProperties);
        jvmOptions = List.copyOf(jvmOptions);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's settings. */
    public Builder toBuilder() {
        return new Builder().brokers(brokers).brokerProperties(brokerProperties).jvmOptions(jvmOptions)
                .operationTimeout(operationTimeout).adminTimeout(adminTimeout);
    }

    /** Builds a {@link KafkaProcessClusterConfig}; {@link #build()} validates. */
    public static final class Builder {

        private int brokers = DEFAULT_BROKERS;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
        private Duration adminTimeout = DEFAULT_ADMIN_TIMEOUT;

        private Builder() {
        }

        /** Number of broker processes, 1 to {@link #MAX_BROKERS}. */
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

        /** Replaces the nodes' JVM options. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = new ArrayList<>(options);
            return this;
        }

        /** Upper bound for start-up, restarts, reassignments and elections. */
        public Builder operationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
            return this;
        }

        /** Upper bound for one administrative call. */
        public Builder adminTimeout(Duration adminTimeout) {
            this.adminTimeout = adminTimeout;
            return this;
        }

        /** Validates the settings and returns the config. */
        public KafkaProcessClusterConfig build() {
            return new KafkaProcessClusterConfig(brokers, brokerProperties, jvmOptions, operationTimeout,
                    adminTimeout);
        }
    }
}
