package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.sasl.SaslMechanism;
import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the Kafka brokers are and how to authenticate to them. By default backed by the
 * {@code kafkago.*} properties; Testcontainers' {@code @ServiceConnection}, the kafkago-test brokers
 * or an application bean can supply it instead, and every kafkago bean follows.
 */
public interface KafkaGoConnectionDetails extends ConnectionDetails {

    /** Bootstrap brokers as {@code host:port}. */
    List<String> getBrokers();

    /** Trust and key material for TLS, or {@code null} for plaintext connections. */
    default SslBundle getSslBundle() {
        return null;
    }

    /** SASL mechanism with its credentials, or {@code null} for no authentication. */
    default SaslMechanism getSaslMechanism() {
        return null;
    }
}
