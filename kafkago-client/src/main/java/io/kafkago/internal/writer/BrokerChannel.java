package io.kafkago.internal.writer;

import io.kafkago.KafkaException;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ConnectionPool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's view of one broker: its connection (opened lazily, retried after a pause when it fails), the
 * Produce requests in flight, and the batches of the request being built. Owned by the sender thread.
 */
final class BrokerChannel {

    private static final Logger log = LoggerFactory.getLogger(BrokerChannel.class);

    final int nodeId;
    /** Batches of the request being built: at most one per partition. */
    final List<ProducerBatch> batches = new ArrayList<>();
    /** Bytes of {@link #batches}. */
    long requestBytes;
    BrokerConnection connection;
    int inFlight;
    /** Why the last attempt to connect failed, or null; batches for this broker are charged with it. */
    KafkaException connectFailure;
    private boolean connecting;
    private long retryConnectAtNanos;

    BrokerChannel(int nodeId) {
        this.nodeId = nodeId;
        this.retryConnectAtNanos = System.nanoTime();
    }

    boolean hasBatchFor(PartitionQueue queue) {
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).partition() == queue) {
                return true;
            }
        }
        return false;
    }

    /**
     * The open connection, or null while there is none; then starts opening one unless an attempt is under way
     * or the pause after a failed one has not passed.
     *
     * @param post          runs the outcome on the sender thread
     * @param onFailure     run on the sender thread when connecting failed (metadata may be stale)
     */
    BrokerConnection connection(long nowNanos, ConnectionPool pool, long retryDelayNanos, Consumer<Runnable> post,
                                Runnable onFailure) {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        connection = null;
        if (!connecting && nowNanos - retryConnectAtNanos >= 0) {
            connecting = true;
            pool.connection(nodeId).whenComplete((opened, error) -> post.accept(() -> {
                connecting = false;
                if (error == null) {
                    connection = opened;
                    connectFailure = null;
                } else {
                    connectFailure = ProduceErrors.unwrap(error, "connecting to broker " + nodeId);
                    retryConnectAtNanos = System.nanoTime() + retryDelayNanos;
                    onFailure.run();
                    log.debug("cannot connect to broker {}: {}", nodeId, connectFailure.getMessage());
                }
            }));
        }
        return null;
    }
}
