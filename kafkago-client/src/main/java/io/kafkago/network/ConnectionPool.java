package io.kafkago.network;

import io.kafkago.Broker;
import io.kafkago.KafkaAuthenticationException;
import io.kafkago.KafkaConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one open connection per broker address, shared by everything that uses the pool (a
 * Writer, a Reader, a Client). A connection that closed or failed is replaced by a new one on the
 * next request for that broker; nothing reconnects in the background.
 */
public final class ConnectionPool implements AutoCloseable {

    private final ConnectionSettings settings;
    private final List<BrokerAddress> bootstrap;
    private final Map<BrokerAddress, BrokerConnection> connections = new ConcurrentHashMap<>();
    private final MetadataCache metadata;
    private volatile boolean closed;

    /**
     * A pool that finds the cluster through {@code bootstrap}.
     *
     * @throws IllegalArgumentException when no bootstrap address is given
     */
    public ConnectionPool(ConnectionSettings settings, List<BrokerAddress> bootstrap) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (bootstrap == null || bootstrap.isEmpty()) {
            throw new IllegalArgumentException("at least one bootstrap broker address is required");
        }
        this.bootstrap = List.copyOf(bootstrap);
        this.metadata = new MetadataCache(this);
    }

    /** The settings every connection of this pool uses. */
    public ConnectionSettings settings() {
        return settings;
    }

    /** The bootstrap addresses. */
    public List<BrokerAddress> bootstrap() {
        return bootstrap;
    }

    /** The cluster view shared by the pool's users. */
    public MetadataCache metadata() {
        return metadata;
    }

    /** The ready connection to {@code address}, opening one if there is none or the last one closed. */
    public CompletableFuture<BrokerConnection> connection(BrokerAddress address) {
        if (closed) {
            return CompletableFuture.failedFuture(new KafkaConnectionException("connection pool is closed"));
        }
        BrokerConnection connection = connections.compute(address, (key, existing) ->
                existing != null && existing.isOpen() ? existing : BrokerConnection.open(key, settings));
        if (closed) {
            connection.close();
        }
        return connection.ready();
    }

    /** The ready connection to broker {@code nodeId}, looking its address up in metadata when unknown. */
    public CompletableFuture<BrokerConnection> connection(int nodeId) {
        Broker known = metadata.current().brokers().get(nodeId);
        if (known != null) {
            return connection(new BrokerAddress(known.host(), known.port()));
        }
        return metadata.refresh(List.of()).thenCompose(cluster -> {
            Broker broker = cluster.brokers().get(nodeId);
            if (broker == null) {
                return CompletableFuture.failedFuture(new KafkaConnectionException("broker " + nodeId
                        + " is not in the cluster metadata (known: " + cluster.brokers().keySet() + ")"));
            }
            return connection(new BrokerAddress(broker.host(), broker.port()));
        });
    }

    /**
     * A ready connection to any broker: an open one if there is one, else the known brokers and then
     * the bootstrap addresses, tried in turn until one connects.
     *
     * <p>When none connects and at least one refused to authenticate the client, the future fails with
     * that {@link KafkaAuthenticationException} itself: the brokers were reachable, and the credentials
     * are what the user has to fix. Otherwise it fails with a {@link KafkaConnectionException} carrying
     * the last broker's error.
     */
    public CompletableFuture<BrokerConnection> anyConnection() {
        return anyConnection(Set.of());
    }

    /**
     * Like {@link #anyConnection()}, but passing over the brokers at {@code avoid} (say, ones whose last answer
     * could not be read) while another can be reached: open connections to other brokers first, then the other
     * known brokers and bootstrap addresses, and only then the avoided ones.
     */
    public CompletableFuture<BrokerConnection> anyConnection(Set<BrokerAddress> avoid) {
        for (BrokerConnection connection : connections.values()) {
            if (!avoid.contains(connection.address()) && connection.isOpen() && connection.ready().isDone()
                    && !connection.ready().isCompletedExceptionally()) {
                return connection.ready();
            }
        }
        Set<BrokerAddress> candidates = new LinkedHashSet<>();
        for (Broker broker : metadata.current().brokers().values()) {
            candidates.add(new BrokerAddress(broker.host(), broker.port()));
        }
        candidates.addAll(bootstrap);
        List<BrokerAddress> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparing(avoid::contains)); // stable: the avoided ones last, in their order
        return tryInTurn(ordered, 0, null, null);
    }

    /**
     * Every candidate is tried even after an authentication failure: a broker that has not yet learnt
     * a new user's SCRAM credentials refuses what the others accept.
     */
    private CompletableFuture<BrokerConnection> tryInTurn(List<BrokerAddress> candidates, int index, Throwable lastError,
                                                          KafkaAuthenticationException refused) {
        if (index >= candidates.size()) {
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            String reason = lastError == null ? ""
                    : ": " + (lastError.getMessage() != null ? lastError.getMessage() : lastError.toString());
            return CompletableFuture.failedFuture(
                    new KafkaConnectionException("no broker reachable among " + candidates + reason, lastError));
        }
        return connection(candidates.get(index)).exceptionallyCompose(error -> {
            Throwable cause = Failures.unwrap(error);
            KafkaAuthenticationException authentication = refused == null
                    && cause instanceof KafkaAuthenticationException failed ? failed : refused;
            return tryInTurn(candidates, index + 1, cause, authentication);
        });
    }

    /** Closes every connection; pending requests fail and later requests are refused. */
    @Override
    public void close() {
        closed = true;
        for (BrokerConnection connection : connections.values()) {
            connection.close();
        }
        connections.clear();
    }

    /** Closes the connection to {@code address} if there is one, e.g. after it misbehaved. */
    public void evict(BrokerAddress address) {
        BrokerConnection connection = connections.remove(address);
        if (connection != null) {
            connection.close();
        }
    }
}
