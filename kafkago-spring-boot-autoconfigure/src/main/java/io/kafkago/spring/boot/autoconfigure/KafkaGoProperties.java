package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.ClientConfig;
import io.kafkago.Dialer;
import io.kafkago.TlsConfig;
import io.kafkago.WriterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code kafkago.*} properties: where the brokers are and how to reach them, plus the writer, reader
 * and listener settings. Unset values keep the client's defaults ({@code WriterConfig.DEFAULT_*},
 * {@code ReaderConfig.DEFAULT_*}).
 */
@ConfigurationProperties("kafkago")
public class KafkaGoProperties {

    /** Bootstrap brokers as host:port; any of them serves to discover the rest of the cluster. */
    private List<String> brokers = new ArrayList<>(List.of("localhost:9092"));

    /** Client id sent to brokers with every request, shown in broker logs and used for quotas and meter tags. */
    private String clientId = Dialer.DEFAULT_CLIENT_ID;

    /** How long connecting to a broker may take. */
    private Duration dialTimeout = Dialer.DEFAULT_DIAL_TIMEOUT;

    /** TLS for broker connections. */
    private final Tls tls = new Tls();

    /** SASL authentication for broker connections. */
    private final Sasl sasl = new Sasl();

    /** Settings of the auto-configured admin Client. */
    private final Admin admin = new Admin();

    /** Settings of the auto-configured Writer. */
    @NestedConfigurationProperty
    private final KafkaGoWriterProperties writer = new KafkaGoWriterProperties();

    /** Settings of the ReaderConfig bean and of the readers behind listeners. */
    @NestedConfigurationProperty
    private final KafkaGoReaderProperties reader = new KafkaGoReaderProperties();

    /** Settings of {@code @KafkaGoListener} containers. */
    @NestedConfigurationProperty
    private final KafkaGoListenerProperties listener = new KafkaGoListenerProperties();

    public List<String> getBrokers() {
        return brokers;
    }

    public void setBrokers(List<String> brokers) {
        this.brokers = brokers;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public Duration getDialTimeout() {
        return dialTimeout;
    }

    public void setDialTimeout(Duration dialTimeout) {
        this.dialTimeout = dialTimeout;
    }

    public Tls getTls() {
        return tls;
    }

    public Sasl getSasl() {
        return sasl;
    }

    public Admin getAdmin() {
        return admin;
    }

    public KafkaGoWriterProperties getWriter() {
        return writer;
    }

    public KafkaGoReaderProperties getReader() {
        return reader;
    }

    public KafkaGoListenerProperties getListener() {
        return listener;
    }

    /** TLS settings ({@code kafkago.tls.*}). */
    public static class Tls {

        /** Whether to connect with TLS; implied when a bundle is named. Without a bundle the JVM's trust store is used. */
        private boolean enabled;

        /** Name of the Spring SSL bundle ({@code spring.ssl.bundle.*}) holding trust and client key material. */
        private String bundle;

        /** Whether the broker's certificate must match the host name dialed; turn off only for tests. */
        private boolean verifyHostname = TlsConfig.DEFAULT_HOSTNAME_VERIFICATION;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }
    }

    /** SASL settings ({@code kafkago.sasl.*}). Secrets here are never logged or shown in toString. */
    public static class Sasl {

        /** Mechanism to authenticate with; unset means no SASL. */
        private SaslMechanismName mechanism;

        /** User name for PLAIN and SCRAM. */
        private String username;

        /** Password for PLAIN and SCRAM. */
        private String password;

        /** Bearer token for OAUTHBEARER (for tokens that expire, declare a KafkaGoConnectionDetails bean instead). */
        private String token;

        public SaslMechanismName getMechanism() {
            return mechanism;
        }

        public void setMechanism(SaslMechanismName mechanism) {
            this.mechanism = mechanism;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        @Override
        public String toString() {
            return "Sasl[mechanism=" + mechanism + ", username=" + username + ", password="
                    + (password == null ? "null" : "******") + ", token=" + (token == null ? "null" : "******") + "]";
        }
    }

    /** Admin client settings ({@code kafkago.admin.*}). */
    public static class Admin {

        /** Limit for one admin operation, retries of retriable errors included. */
        private Duration timeout = ClientConfig.DEFAULT_TIMEOUT;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** SASL mechanisms that {@code kafkago.sasl.mechanism} accepts. */
    public enum SaslMechanismName {
        /** User name and password sent as they are (use with TLS only). */
        PLAIN,
        /** Salted challenge-response with SHA-256 (RFC 7677). */
        SCRAM_SHA_256,
        /** Salted challenge-response with SHA-512. */
        SCRAM_SHA_512,
        /** A bearer token (RFC 7628). */
        OAUTHBEARER
    }
}
