package io.kafkago.test.security;

import io.kafkago.test.KafkaTestSetupException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Everything a client test needs to reach a broker's {@link SecureListener secured listeners}: their addresses, the
 * SASL users ({@link #user(String)}) and the TLS trust material ({@link #certificates()}), plus ready-made kafka-clients
 * properties. One user per mechanism: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, each with a random password.
 *
 * <p>The broker side ({@link #brokerProperties(String)}, {@link #listenerSpecs()}, {@link #registerScramUsers}) is used by
 * {@link io.kafkago.test.EmbeddedKafkaCluster}; tests normally get an instance from
 * {@code EmbeddedKafkaCluster.security()}.
 */
public final class BrokerSecurity {

    /** The SASL mechanisms every SASL listener enables. */
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    /** SCRAM iteration count of the registered users (Kafka's minimum). */
    public static final int SCRAM_ITERATIONS = 4096;

    private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final TestCertificates certificates;
    private final Map<String, TestUser> usersByMechanism;
    private final Map<SecureListener, String> bootstrapServers;

    private BrokerSecurity(TestCertificates certificates, Map<String, TestUser> usersByMechanism,
            Map<SecureListener, String> bootstrapServers) {
        this.certificates = certificates;
        this.usersByMechanism = usersByMechanism;
        this.bootstrapServers = bootstrapServers;
    }

    /** Generates certificates into {@code directory} and one user per mechanism; addresses are not known yet. */
    public static BrokerSecurity generate(Path directory) {
        Map<String, TestUser> users = new LinkedHashMap<>();
        SecureRandom random = new SecureRandom();
        for (String mechanism : MECHANISMS) {
            byte[] secret = new byte[18];
            random.nextBytes(secret);
            String username = mechanism.toLowerCase(java.util.Locale.ROOT) + "-user";
            users.put(mechanism, new TestUser(username, Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                    mechanism));
        }
        return new BrokerSecurity(TestCertificates.generate(directory), Map.copyOf(users),
                Map.of());
    }

    /** A copy that knows the listeners' addresses ({@code host:port} lists). */
    public BrokerSecurity withBootstrapServers(Map<SecureListener, String> addresses) {
        return new BrokerSecurity(certificates, usersByMechanism, Map.copyOf(new EnumMap<>(addresses)));
    }

    /** The listeners' addresses in {@code listeners} syntax with port 0, e.g. {@code SSL://localhost:0,...}. */
    public String listenerSpecs() {
        return Arrays.stream(SecureListener.values()).map(l -> l.listenerName() + "://localhost:0")
                .collect(Collectors.joining(","));
    }

    /**
     * Broker configs for the secured listeners: their security protocols (merged into {@code protocolMap}, the
     * broker's other listener mappings), enabled mechanisms, the PLAIN user list, SCRAM login modules, key stores, and
     * for {@link SecureListener#MUTUAL_TLS} the required client authentication against the test CA.
     */
    public Map<String, String> brokerProperties(String protocolMap) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("listener.security.protocol.map", protocolMap + "," + Arrays.stream(SecureListener.values())
                .map(l -> l.listenerName() + ":" + l.securityProtocol()).collect(Collectors.joining(",")));
        properties.put("sasl.enabled.mechanisms", String.join(",", MECHANISMS));
        TestUser plain = user("PLAIN");
        for (SecureListener listener : SecureListener.values()) {
            String prefix = listener.configPrefix();
            if (listener.sasl()) {
                properties.put(prefix + "sasl.enabled.mechanisms", String.join(",", MECHANISMS));
                properties.put(prefix + "plain.sasl.jaas.config", PLAIN_LOGIN_MODULE + " required user_"
                        + plain.username() + "=\"" + plain.password() + "\";");
                properties.put(prefix + "scram-sha-256.sasl.jaas.config", SCRAM_LOGIN_MODULE + " required;");
                properties.put(prefix + "scram-sha-512.sasl.jaas.config", SCRAM_LOGIN_MODULE + " required;");
            }
            if (listener.tls()) {
                Path keyStore = listener == SecureListener.SSL_WRONG_HOST ? certificates.wrongHostKeyStore()
                        : certificates.serverKeyStore();
                properties.put(prefix + "ssl.keystore.type", "PKCS12");
                properties.put(prefix + "ssl.keystore.location", keyStore.toString());
                properties.put(prefix + "ssl.keystore.password", certificates.password());
                properties.put(prefix + "ssl.key.password", certificates.password());
            }
            if (listener.clientCertificateRequired()) {
                properties.put(prefix + "ssl.client.auth", "required");
                properties.put(prefix + "ssl.truststore.type", "PKCS12");
                properties.put(prefix + "ssl.truststore.location", certificates.trustStorePkcs12().toString());
                properties.put(prefix + "ssl.truststore.password", certificates.password());
            }
        }
        return properties;
    }

    /** Registers the SCRAM users with the cluster through an admin client built from {@code adminProperties}. */
    public void registerScramUsers(Map<String, Object> adminProperties, Duration timeout) {
        List<UserScramCredentialAlteration> upserts = List.of(
                upsert(user("SCRAM-SHA-256"), ScramMechanism.SCRAM_SHA_256),
                upsert(user("SCRAM-SHA-512"), ScramMechanism.SCRAM_SHA_512));
        try (Admin admin = Admin.create(adminProperties)) {
            admin.alterUserScramCredentials(upserts).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaTestSetupException("Cannot register the SCRAM test users", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaTestSetupException("Interrupted registering the SCRAM test users", e);
        }
    }

    private static UserScramCredentialAlteration upsert(TestUser user, ScramMechanism mechanism) {
        return new UserScramCredentialUpsertion(user.username(), new ScramCredentialInfo(mechanism, SCRAM_ITERATIONS),
                user.password());
    }

    /** Comma-separated {@code host:port} list of one secured listener across all brokers. */
    public String bootstrapServers(SecureListener listener) {
        String address = bootstrapServers.get(listener);
        if (address == null) {
            throw new IllegalStateException("The address of listener " + listener + " is not known yet");
        }
        return address;
    }

    /** The user registered for {@code mechanism} ({@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}). */
    public TestUser user(String mechanism) {
        TestUser user = usersByMechanism.get(mechanism);
        if (user == null) {
            throw new IllegalArgumentException("No test user for mechanism " + mechanism + "; mechanisms are "
                    + MECHANISMS);
        }
        return user;
    }

    /** All users, one per mechanism in {@link #MECHANISMS}. */
    public List<TestUser> users() {
        return MECHANISMS.stream().map(usersByMechanism::get).collect(Collectors.toUnmodifiableList());
    }

    /** The CA and key stores behind the TLS listeners. */
    public TestCertificates certificates() {
        return certificates;
    }

    /**
     * kafka-clients properties for a TLS listener without SASL ({@link SecureListener#SSL},
     * {@link SecureListener#SSL_WRONG_HOST} or {@link SecureListener#MUTUAL_TLS}): bootstrap servers, security
     * protocol, the PKCS12 trust store, and for mutual TLS the client key store.
     */
    public Map<String, Object> clientProperties(SecureListener listener) {
        if (listener.sasl()) {
            throw new IllegalArgumentException("Listener " + listener + " needs a user: use clientProperties(listener, user)");
        }
        return baseClientProperties(listener);
    }

    /** kafka-clients properties for a SASL listener logging in as {@code user} (with its mechanism and password). */
    public Map<String, Object> clientProperties(SecureListener listener, TestUser user) {
        if (!listener.sasl()) {
            throw new IllegalArgumentException("Listener " + listener + " does not use SASL");
        }
        Map<String, Object> properties = baseClientProperties(listener);
        properties.put(SaslConfigs.SASL_MECHANISM, user.mechanism());
        String module = user.mechanism().equals("PLAIN") ? PLAIN_LOGIN_MODULE : SCRAM_LOGIN_MODULE;
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user.username()
                + "\" password=\"" + user.password() + "\";");
        return properties;
    }

    private Map<String, Object> baseClientProperties(SecureListener listener) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(listener));
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, listener.securityProtocol());
        if (listener.tls()) {
            properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.trustStorePkcs12().toString());
            properties.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
        }
        if (listener.clientCertificateRequired()) {
            properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            properties.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, certificates.clientKeyStore().toString());
            properties.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, certificates.password());
            properties.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, certificates.password());
        }
        return properties;
    }

    @Override
    public String toString() {
        return "BrokerSecurity[listeners=" + bootstrapServers + ", users=" + users() + ", " + certificates + "]";
    }
}
