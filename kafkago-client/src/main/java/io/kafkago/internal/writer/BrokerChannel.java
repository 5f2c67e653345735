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
 * Produce requests in flight, the batches of the request being built, and how fast the broker takes requests in.
 * Owned by the sender thread.
 *
 * <p>On a slow link (a bandwidth cap, a congested WAN) large requests queued behind each other would each run out
 * of time before their bytes got through, on every attempt. So the bytes in flight to a broker are kept within
 * what it was seen to take in during half the request timeout; on a fast link that bound is far above anything
 * the writer sends. A slower answer than expected counts at once, a faster one is averaged in: when a link slows
 * down, answers come slowly, and an estimate that only drifted down with each of them would keep the sender
 * filling the link with the bytes of its fast past until a request timed out.
 */
final class BrokerChannel {

    private static final Logger log = LoggerFactory.getLogger(BrokerChannel.class);
    /** Requests from this size on measure the link. */
    private static final long MEASURED_REQUEST_BYTES = 256 * 1024;
    /** Weight of a measurement faster than the estimate in the new estimate. */
    private static final double SMOOTHING = 0.3;

    final int nodeId;
    /** Batches of the request being built: at most one per partition. */
    final List<ProducerBatch> batches = new ArrayList<>();
    /** Bytes of {@link #batches}. */
    long requestBytes;
    BrokerConnection connection;
    int inFlight;
    /** Bytes of the requests in flight. */
    long inFlightBytes;
    /**
     * Bytes per second from request to answer of recent large requests (the slowest at once, faster ones averaged
     * in), 0 while unknown.
     */
    private double bytesPerSecond;
    /** Why the last attempt to connect failed, or null; batches for this broker are charged with it. */
    KafkaException connectFailure;
    private boolean connecting;
    private long retryConnectAtNanos;

    BrokerChannel(int nodeId) {
        this.nodeId = nodeId;
        this.retryConnectAtNanos = System.nanoTime();
    }

    /**
     * Most request bytes to have in flight at once: what the broker took in during half of {@code timeoutNanos},
     * never less than {@code floor}; unlimited while nothing was measured.
     */
    long inFlightByteBudget(long timeoutNanos, long floor) {
        if (bytesPerSecond <= 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(floor, (long) (bytesPerSecond * (timeoutNanos / 2) / 1e9));
    }

    /**
     * A request of {@code bytes} was answered (or timed out) {@code elapsedNanos} after it was sent. Only large
     * requests say something about the link; for small ones the broker's own latency dominates.
     */
    void recordRoundTrip(long bytes, long elapsedNanos) {
        if (bytes < MEASURED_REQUEST_BYTES || elapsedNanos <= 0) {
            return;
        }
        double observed = bytes * 1e9 / elapsedNanos;
        bytesPerSecond = bytesPerSecond <= 0 || observed < bytesPerSecond ? observed
                : bytesPerSecond + SMOOTHING * (observed - bytesPerSecond);
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
            connectFailure = null; // batches wait for this attempt instead of being charged with the last one
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
