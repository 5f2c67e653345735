package io.kafkago.test.security;

import java.util.Locale;

/** The secured listeners a broker started with security listeners offers next to its plaintext one. */
public enum SecureListener {

    /** SASL over plain TCP, mechanisms PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
    SASL_PLAINTEXT("SASL_PLAINTEXT", true),

    /** SASL over TLS with the {@code localhost} certificate; same mechanisms as {@link #SASL_PLAINTEXT}. */
    SASL_SSL("SASL_SSL", true),

    /** TLS with the {@code localhost} certificate, no client authentication. */
    SSL("SSL", false),

    /**
     * TLS with a certificate the CA signed for {@link TestCertificates#WRONG_HOST_NAME} only: a client connecting to
     * {@code localhost} must fail host-name verification (and succeeds only with verification turned off).
     */
    SSL_WRONG_HOST("SSL", false),

    /**
     * Mutual TLS: the {@code localhost} certificate, and the broker requires ({@code ssl.client.auth=required}) a
     * client certificate signed by the test CA, such as {@link TestCertificates#clientKeyStore()}. A client without
     * one fails the handshake.
     */
    MUTUAL_TLS("SSL", false, true);

    private final String securityProtocol;
    private final boolean sasl;
    private final boolean clientCertificateRequired;

    SecureListener(String securityProtocol, boolean sasl) {
        this(securityProtocol, sasl, false);
    }

    SecureListener(String securityProtocol, boolean sasl, boolean clientCertificateRequired) {
        this.securityProtocol = securityProtocol;
        this.sasl = sasl;
        this.clientCertificateRequired = clientCertificateRequired;
    }

    /** The broker's listener name (equal to {@link #name()}). */
    public String listenerName() {
        return name();
    }

    /** Kafka's {@code security.protocol} for clients of this listener: SASL_PLAINTEXT, SASL_SSL or SSL. */
    public String securityProtocol() {
        return securityProtocol;
    }

    /** Whether clients must authenticate with SASL on this listener. */
    public boolean sasl() {
        return sasl;
    }

    /** Whether the listener speaks TLS. */
    public boolean tls() {
        return securityProtocol.endsWith("SSL");
    }

    /** Whether the broker requires a client certificate on this listener (mutual TLS). */
    public boolean clientCertificateRequired() {
        return clientCertificateRequired;
    }

    /** Prefix of per-listener broker configs, e.g. {@code listener.name.sasl_ssl.}. */
    String configPrefix() {
        return "listener.name." + name().toLowerCase(Locale.ROOT) + ".";
    }
}
