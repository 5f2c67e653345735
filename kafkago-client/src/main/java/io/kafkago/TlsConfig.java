package io.kafkago;

import io.kafkago.network.TlsContexts;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * TLS settings for broker connections: which certificates to trust, an optional client
 * certificate (mutual TLS), and whether the broker's host name is checked against its
 * certificate.
 *
 * <p>Host-name verification is on by default ({@link #DEFAULT_HOSTNAME_VERIFICATION}); turning it
 * off lets any holder of a trusted certificate impersonate the broker, so do it only for tests.
 * Passwords given to the builder are used once to open key material and are not kept.
 *
 * @param sslContext the context that creates client sockets; holds trust and key material
 * @param hostnameVerification whether the broker's certificate must match the dialed host name
 */
public record TlsConfig(SSLContext sslContext, boolean hostnameVerification) {

    /** Brokers' certificates are checked against the dialed host name unless turned off. */
    public static final boolean DEFAULT_HOSTNAME_VERIFICATION = true;

    /** Validates that a context is present. */
    public TlsConfig {
        Objects.requireNonNull(sslContext, "sslContext");
    }

    /** TLS trusting the JVM's default certificate authorities, with host-name verification. */
    public static TlsConfig systemDefault() {
        return builder().build();
    }

    /** TLS from an application-built context, with host-name verification. */
    public static TlsConfig of(SSLContext sslContext) {
        return new TlsConfig(sslContext, DEFAULT_HOSTNAME_VERIFICATION);
    }

    /** A builder starting from the JVM's default trust and no client certificate. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's context and verification setting. */
    public Builder toBuilder() {
        return new Builder().sslContext(sslContext).hostnameVerification(hostnameVerification);
    }

    @Override
    public String toString() {
        return "TlsConfig[protocol=" + sslContext.getProtocol() + ", hostnameVerification=" + hostnameVerification + "]";
    }

    /** Collects trust and key material; {@link #build()} loads and checks it. */
    public static final class Builder {
        private SSLContext sslContext;
        private boolean hostnameVerification = DEFAULT_HOSTNAME_VERIFICATION;
        private TlsContexts.KeyMaterial trust;
        private TlsContexts.KeyMaterial key;

        private Builder() {
        }

        /** Uses a ready context; trust and key settings below are then not allowed. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** Trusts the certificate authorities in a PEM file (one or more certificates). */
        public Builder trustPem(Path caCertificates) {
            this.trust = TlsContexts.KeyMaterial.pem(caCertificates, null, null);
            return this;
        }

        /** Trusts the certificates in a key store file (PKCS12 or JKS). */
        public Builder trustStore(Path file, String type, char[] password) {
            this.trust = TlsContexts.KeyMaterial.store(file, type, password, null);
            return this;
        }

        /** Presents a client certificate chain and an unencrypted PKCS#8 private key from PEM files. */
        public Builder clientPem(Path certificateChain, Path privateKey) {
            return clientPem(certificateChain, privateKey, null);
        }

        /** Presents a client certificate chain and a PKCS#8 private key, encrypted with the password. */
        public Builder clientPem(Path certificateChain, Path privateKey, char[] keyPassword) {
            this.key = TlsContexts.KeyMaterial.pem(certificateChain, privateKey, keyPassword);
            return this;
        }

        /** Presents the client certificate from a key store file (PKCS12 or JKS). */
        public Builder keyStore(Path file, String type, char[] storePassword, char[] keyPassword) {
            this.key = TlsContexts.KeyMaterial.store(file, type, storePassword, keyPassword);
            return this;
        }

        /** Turns the check of the broker's host name against its certificate on (default) or off. */
        public Builder hostnameVerification(boolean verify) {
            this.hostnameVerification = verify;
            return this;
        }

        /**
         * Loads the key material and creates the context.
         *
         * @throws IllegalArgumentException when a file cannot be read or parsed, or when both a
         *     context and key material were given
         */
        public TlsConfig build() {
            if (sslContext != null) {
                if (trust != null || key != null) {
                    throw new IllegalArgumentException("give either an SSLContext or trust/key material, not both");
                }
                return new TlsConfig(sslContext, hostnameVerification);
            }
            return new TlsConfig(TlsContexts.create(trust, key), hostnameVerification);
        }
    }
}
