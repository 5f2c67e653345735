package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.sasl.OAuthBearer;
import io.kafkago.sasl.Plain;
import io.kafkago.sasl.SaslMechanism;
import io.kafkago.sasl.Scram;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/** {@link KafkaGoConnectionDetails} read from {@code kafkago.brokers}, {@code kafkago.tls.*} and {@code kafkago.sasl.*}. */
public final class PropertiesKafkaGoConnectionDetails implements KafkaGoConnectionDetails {

    private final KafkaGoProperties properties;
    private final SslBundles sslBundles;

    /**
     * @param sslBundles the context's bundles, or {@code null} when it has none (then naming a bundle fails)
     */
    public PropertiesKafkaGoConnectionDetails(KafkaGoProperties properties, SslBundles sslBundles) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.sslBundles = sslBundles;
    }

    @Override
    public List<String> getBrokers() {
        return properties.getBrokers();
    }

    @Override
    public SslBundle getSslBundle() {
        KafkaGoProperties.Tls tls = properties.getTls();
        String bundle = tls.getBundle();
        if (bundle != null && !bundle.isBlank()) {
            if (sslBundles == null) {
                throw new IllegalStateException("kafkago.tls.bundle=" + bundle + " names an SSL bundle, but the "
                        + "application context has no SslBundles");
            }
            return sslBundles.getBundle(bundle);
        }
        return tls.isEnabled() ? SslBundle.systemDefault() : null;
    }

    @Override
    public SaslMechanism getSaslMechanism() {
        KafkaGoProperties.Sasl sasl = properties.getSasl();
        if (sasl.getMechanism() == null) {
            return null;
        }
        return switch (sasl.getMechanism()) {
            case PLAIN -> new Plain(required(sasl.getUsername(), "username", "PLAIN"),
                    required(sasl.getPassword(), "password", "PLAIN"));
            case SCRAM_SHA_256 -> Scram.sha256(required(sasl.getUsername(), "username", "SCRAM_SHA_256"),
                    required(sasl.getPassword(), "password", "SCRAM_SHA_256"));
            case SCRAM_SHA_512 -> Scram.sha512(required(sasl.getUsername(), "username", "SCRAM_SHA_512"),
                    required(sasl.getPassword(), "password", "SCRAM_SHA_512"));
            case OAUTHBEARER -> OAuthBearer.ofToken(required(sasl.getToken(), "token", "OAUTHBEARER"));
        };
    }

    private static String required(String value, String name, String mechanism) {
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("kafkago.sasl.mechanism=" + mechanism + " needs kafkago.sasl." + name);
        }
        return value;
    }

    @Override
    public String toString() {
        return "PropertiesKafkaGoConnectionDetails[brokers=" + getBrokers() + "]";
    }
}
