package io.kafkago.network;

import io.kafkago.Dialer;
import io.kafkago.KafkaConfigException;
import io.kafkago.TlsConfig;
import io.kafkago.sasl.SaslMechanism;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a broker connection needs to know before it opens: identity, time limits, security
 * and the largest response it accepts. Made from a {@link Dialer} and shared by every
 * connection of a {@link ConnectionPool}. {@link #toString()} shows no secrets.
 *
 * @param clientId sent in every request header; shows up in broker logs and quotas
 * @param dialTimeout limit for TCP connect, TLS handshake, ApiVersions and SASL together
 * @param requestTimeout limit for one request when the caller gives no deadline
 * @param tls TLS settings, or null for plaintext
 * @param sasl SASL mechanism, or null for none
 * @param maxResponseSize largest response frame accepted, in bytes; a larger size prefix fails
 *     the connection before anything is allocated
 * @param softwareName ClientSoftwareName sent in ApiVersions v3+
 * @param softwareVersion ClientSoftwareVersion sent in ApiVersions v3+
 */
public record ConnectionSettings(String clientId, Duration dialTimeout, Duration requestTimeout, TlsConfig tls,
                                 SaslMechanism sasl, int maxResponseSize, String softwareName,
                                 String softwareVersion) {

    /** Default client id: {@value}. */
    public static final String DEFAULT_CLIENT_ID = "kafkago";
    /** Default dial timeout: 10 seconds. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(10);
    /** Default request timeout: 30 seconds, like Kafka's {@code request.timeout.ms}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default maximum response size: {@value} bytes (100 MiB, the broker's {@code socket.request.max.bytes}). */
    public static final int DEFAULT_MAX_RESPONSE_SIZE = 104_857_600;
    /** Smallest maximum response size: {@value} bytes. */
    public static final int MIN_RESPONSE_SIZE = 1024;
    /** Software name reported to brokers. */
    public static final String SOFTWARE_NAME = "kafkago";
    /** Software version reported to brokers. */
    public static final String SOFTWARE_VERSION = "0.1.0-SNAPSHOT";

    /** Settings with every default: plaintext, no SASL. */
    public static final ConnectionSettings DEFAULTS = new ConnectionSettings(DEFAULT_CLIENT_ID, DEFAULT_DIAL_TIMEOUT,
            DEFAULT_REQUEST_TIMEOUT, null, null, DEFAULT_MAX_RESPONSE_SIZE, SOFTWARE_NAME, SOFTWARE_VERSION);

    /** Validates every field. */
    public ConnectionSettings {
        Objects.requireNonNull(clientId, "clientId");
        requirePositive("dialTimeout", dialTimeout);
        requirePositive("requestTimeout", requestTimeout);
        if (maxResponseSize < MIN_RESPONSE_SIZE) {
            throw new KafkaConfigException("maxResponseSize: must be at least " + MIN_RESPONSE_SIZE + " bytes, got "
                    + maxResponseSize);
        }
        if (softwareName == null || !softwareName.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?")) {
            throw new KafkaConfigException("softwareName: letters, digits, '-' and '.' only, got " + softwareName);
        }
        Objects.requireNonNull(softwareVersion, "softwareVersion");
    }

    /** The settings a {@link Dialer} describes, reporting this library as the client software. */
    public static ConnectionSettings of(Dialer dialer) {
        return new ConnectionSettings(dialer.clientId(), dialer.dialTimeout(), dialer.requestTimeout(), dialer.tls(),
                dialer.sasl(), dialer.maxResponseSize(), SOFTWARE_NAME, SOFTWARE_VERSION);
    }

    /** These settings with another limit for requests without a deadline of their own. */
    public ConnectionSettings withRequestTimeout(Duration timeout) {
        return new ConnectionSettings(clientId, dialTimeout, timeout, tls, sasl, maxResponseSize, softwareName,
                softwareVersion);
    }

    /** These settings with another largest accepted response. */
    public ConnectionSettings withMaxResponseSize(int size) {
        return new ConnectionSettings(clientId, dialTimeout, requestTimeout, tls, sasl, size, softwareName,
                softwareVersion);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new KafkaConfigException(name + ": must be a positive duration, got " + value);
        }
    }

    /** Whether connections use TLS. */
    public boolean usesTls() {
        return tls != null;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[clientId=" + clientId + ", dialTimeout=" + dialTimeout + ", requestTimeout="
                + requestTimeout + ", tls=" + tls + ", sasl=" + (sasl == null ? "none" : sasl.mechanismName())
                + ", maxResponseSize=" + maxResponseSize + "]";
    }
}
