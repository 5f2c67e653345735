package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Client;
import io.kafkago.KafkaException;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the Kafka cluster answers: asks it for its metadata (no topics) through the application's admin
 * {@link Client}, so a check reuses the client's pooled connections (with its TLS and SASL settings) instead of
 * dialling the brokers anew. Down with the client's error when no broker answered within its timeout
 * ({@code kafkago.admin.timeout}).
 */
public final class KafkaGoHealthIndicator extends AbstractHealthIndicator {

    private final Client client;

    /** Checks the cluster {@code client} talks to. */
    public KafkaGoHealthIndicator(Client client) {
        super("Kafka health check failed");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            client.listPartitions();
            builder.up();
        } catch (KafkaException e) {
            builder.down(e);
        }
    }
}
