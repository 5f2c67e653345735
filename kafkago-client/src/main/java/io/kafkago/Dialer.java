package io.kafkago;

import io.kafkago.internal.conn.DialerEngine;
import io.kafkago.network.ConnectionSettings;
import io.kafkago.sasl.SaslMechanism;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Opens {@link Conn}s: holds the client id, time limits and security settings every connection
 * uses. Immutable and thread-safe; build one per application (or per cluster) and share it, or
 * hand it to Writer, Reader and Client configs so they connect the same way.
 *
 * <pre>{@code
 * Dialer dialer = Dialer.builder()
 *         .clientId("billing")
 *         .tls(TlsConfig.builder().trustPem(Path.of("ca.pem")).build())
 *         .sasl(Scram.sha512("billing", System.getenv("KAFKA_PASSWORD")))
 *         .build();
 * try (Conn conn = dialer.dialLeader("broker-1:9093", "orders", 0)) { ... }
 * }</pre>
 *
 * @param clientId client id sent with every request; default {@link #DEFAULT_CLIENT_ID}
 * @param dialTimeout limit for connecting, TLS, ApiVersions and SASL; default {@link #DEFAULT_DIAL_TIMEOUT}
 * @param requestTimeout limit for a request when no deadline is set; default {@link #DEFAULT_REQUEST_TIMEOUT}
 * @param tls TLS settings, or null (default) for plaintext
 * @param sasl SASL mechanism, or null (default) for none
 * @param maxResponseSize largest response accepted, in bytes; default {@link #DEFAULT_MAX_RESPONSE_SIZE}
 */
public record Dialer(String clientId, Duration dialTimeout, Duration requestTimeout, TlsConfig tls, SaslMechanism sasl,
                     int maxResponseSize) {

    /** Default client id: {@value}. */
    public static final String DEFAULT_CLIENT_ID = ConnectionSettings.DEFAULT_CLIENT_ID;
    /** Default dial timeout: 10 seconds. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = ConnectionSettings.DEFAULT_DIAL_TIMEOUT;
    /** Default request timeout: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = ConnectionSettings.DEFAULT_REQUEST_TIMEOUT;
    /** Default maximum response size: 100 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_SIZE = ConnectionSettings.DEFAULT_MAX_RESPONSE_SIZE;
    /** Smallest {@code maxResponseSize}: 1 KiB. */
    public static final int MIN_RESPONSE_SIZE = ConnectionSettings.MIN_RESPONSE_SIZE;

    private static final Dialer DEFAULT = builder().build();

    /**
     * Validates every setting.
     *
     * @throws KafkaConfigException naming the setting when the client id is missing, a timeout is not positive or the
     *                              response limit is below 1 KiB
     */
    public Dialer {
        ConfigChecks.required("Dialer.clientId", clientId);
        ConfigChecks.positive("Dialer.dialTimeout", dialTimeout);
        ConfigChecks.positive("Dialer.requestTimeout", requestTimeout);
        ConfigChecks.atLeast("Dialer.maxResponseSize", maxResponseSize, MIN_RESPONSE_SIZE);
    }

    /** The dialer with every default: plaintext, no SASL. */
    public static Dialer defaultDialer() {
        return DEFAULT;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this dialer's settings. */
    public Builder toBuilder() {
        return new Builder().clientId(clientId).dialTimeout(dialTimeout).requestTimeout(requestTimeout).tls(tls)
                .sasl(sasl).maxResponseSize(maxResponseSize);
    }

    /**
     * Connects to one broker; the Conn answers cluster-wide questions (partitions, brokers, topics).
     *
     * @param address {@code host:port}
     * @throws KafkaConnectionException when the broker cannot be reached or TLS fails
     * @throws KafkaAuthenticationException when SASL fails
     * @throws KafkaTimeoutException when the dial timeout passes first
     */
    public Conn dial(String address) {
        return new Conn(new DialerEngine(this).dial(address), requestTimeout);
    }

    /**
     * Connects to the leader of a partition, found through the broker at {@code address}. Waits
     * (up to the dial timeout) until the partition has a leader that serves it, as happens shortly
     * after a topic was created or a leader moved: the leader is asked for the partition's end
     * offset before the Conn is returned.
     *
     * @throws KafkaBrokerException when the topic or partition does not exist, or no leader serves it in time
     */
    public Conn dialLeader(String address, String topic, int partition) {
        Objects.requireNonNull(topic, "topic");
        return new Conn(new DialerEngine(this).dialLeader(address, topic, partition), requestTimeout);
    }

    /** Connects to the leader named in {@code partition} (from {@link #lookupPartitions} or {@link Conn#readPartitions}). */
    public Conn dialPartition(Partition partition) {
        Objects.requireNonNull(partition, "partition");
        if (partition.leader() == null) {
            throw new KafkaBrokerException(ErrorCode.LEADER_NOT_AVAILABLE, "partition " + partition.topicPartition());
        }
        return dialLeader(partition.leader().address(), partition.topic(), partition.id());
    }

    /**
     * The current leader of a partition, asked of the broker at {@code address}.
     *
     * @throws KafkaBrokerException when the topic or partition does not exist or has no leader in time
     */
    public Broker lookupLeader(String address, String topic, int partition) {
        return new DialerEngine(this).lookupLeader(address, topic, partition);
    }

    /**
     * Every partition of {@code topic}, asked of the broker at {@code address}.
     *
     * @throws KafkaBrokerException when the topic does not exist
     */
    public List<Partition> lookupPartitions(String address, String topic) {
        return new DialerEngine(this).lookupPartitions(address, topic);
    }

    /** Collects settings for a {@link Dialer}; not thread-safe. */
    public static final class Builder {
        private String clientId = DEFAULT_CLIENT_ID;
        private Duration dialTimeout = DEFAULT_DIAL_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private TlsConfig tls;
        private SaslMechanism sasl;
        private int maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

        private Builder() {
        }

        /** Client id sent with every request; default {@link #DEFAULT_CLIENT_ID}. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** Limit for connecting, TLS, ApiVersions and SASL; default {@link #DEFAULT_DIAL_TIMEOUT}. */
        public Builder dialTimeout(Duration dialTimeout) {
            this.dialTimeout = dialTimeout;
            return this;
        }

        /** Limit for a request when the caller set no deadline; default {@link #DEFAULT_REQUEST_TIMEOUT}. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** TLS settings; null (default) for plaintext. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** SASL mechanism; null (default) for none. */
        public Builder sasl(SaslMechanism sasl) {
            this.sasl = sasl;
            return this;
        }

        /** Largest response accepted in bytes; default {@link #DEFAULT_MAX_RESPONSE_SIZE}. */
        public Builder maxResponseSize(int maxResponseSize) {
            this.maxResponseSize = maxResponseSize;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws KafkaConfigException see {@link Dialer#Dialer}
         */
        public Dialer build() {
            return new Dialer(clientId, dialTimeout, requestTimeout, tls, sasl, maxResponseSize);
        }
    }
}
