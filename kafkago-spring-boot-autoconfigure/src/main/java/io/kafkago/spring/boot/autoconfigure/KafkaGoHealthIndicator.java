package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Broker;
import io.kafkago.Conn;
import io.kafkago.Dialer;
import io.kafkago.KafkaException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the Kafka cluster is reachable: dials the bootstrap brokers in turn (with the
 * application's TLS and SASL settings) and asks the first that answers for the cluster's brokers.
 * Up with the broker count and the answering address; down with the last connection error.
 */
public final class KafkaGoHealthIndicator extends AbstractHealthIndicator {

    private final Supplier<List<String>> brokers;
    private final Dialer dialer;
    private final Duration timeout;

    /**
     * @param brokers bootstrap addresses, read on every check (connection details may change)
     * @param timeout limit for one broker's dial and metadata request
     */
    public KafkaGoHealthIndicator(Supplier<List<String>> brokers, Dialer dialer, Duration timeout) {
        super("Kafka health check failed");
        this.brokers = Objects.requireNonNull(brokers, "brokers");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaException failure = null;
        for (String address : brokers.get()) {
            try (Conn conn = dialer.dial(address)) {
                conn.setDeadline(Instant.now().plus(timeout));
                List<Broker> cluster = conn.brokers();
                builder.up().withDetail("brokers", cluster.size()).withDetail("answeredBy", address);
                return;
            } catch (KafkaException e) {
                failure = e;
            }
        }
        if (failure == null) {
            builder.down().withDetail("error", "no bootstrap brokers configured");
        } else {
            builder.down(failure);
        }
    }
}
