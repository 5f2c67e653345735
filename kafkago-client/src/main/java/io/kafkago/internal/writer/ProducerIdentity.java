package io.kafkago.internal.writer;

import io.kafkago.KafkaException;
import io.kafkago.internal.Backoff;
import io.kafkago.network.ConnectionPool;
import io.kafkago.protocol.ApiKey;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.InitProducerIdRequest;
import io.kafkago.protocol.message.InitProducerIdResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's id, obtained with InitProducerId (no transactional id), and the epochs handed out
 * under it.
 *
 * <p>Brokers keep an idempotent producer's sequence state per partition, and a partition accepts a higher epoch
 * of a producer id it knows when its sequences start again at 0 (KIP-360). So when one partition's sequence is
 * broken, that partition alone moves to a new epoch, bumped here without asking a broker, as kafka-clients does:
 * InitProducerId without a transactional id always returns a <em>new</em> producer id, and a broker takes any
 * first sequence from a producer id it has never seen, so renumbering every partition under it could write a
 * retried batch twice. Only when the epochs run out ({@link Short#MAX_VALUE}) is a new id fetched.
 *
 * <p>A transactional Writer's id and epoch come from its transaction coordinator instead, through {@link #adopt}: the
 * coordinator alone moves the epoch (it fences older owners of the transactional id), so nothing is bumped or asked
 * for here.
 *
 * <p>Owned by the sender thread; responses come back through {@code post}.
 */
final class ProducerIdentity {

    private static final Logger log = LoggerFactory.getLogger(ProducerIdentity.class);
    /** Transaction timeout sent along; brokers ignore it without a transactional id. */
    private static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private enum State { NEEDED, REQUESTING, READY, FAILED }

    private final ConnectionPool pool;
    private final Duration requestTimeout;
    private final Backoff backoff;
    private final boolean transactional;
    private State state = State.NEEDED;
    private long producerId = -1;
    /** The highest epoch handed out under {@link #producerId}. */
    private short epoch = -1;
    private int failedAttempts;
    private long retryAtNanos;
    private KafkaException failure;

    ProducerIdentity(ConnectionPool pool, Duration requestTimeout, Backoff backoff, boolean transactional) {
        this.pool = pool;
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
        this.transactional = transactional;
        this.retryAtNanos = System.nanoTime();
    }

    long producerId() {
        return producerId;
    }

    /** The highest epoch handed out under the current producer id. */
    short epoch() {
        return epoch;
    }

    /** Whether a producer id is at hand for partitions that need one. */
    boolean isReady() {
        return state == State.READY;
    }

    /** The error that makes idempotent writing impossible (e.g. missing authorization), or null. */
    KafkaException failure() {
        return state == State.FAILED ? failure : null;
    }

    /**
     * Hands out the next epoch of the current producer id, higher than any handed out before, for a partition
     * whose sequences start again. Returns false when there is no id at hand or its epochs are used up; then a new
     * id is asked for and the partition waits.
     */
    boolean bumpEpoch() {
        if (state != State.READY || transactional) {
            return false;
        }
        if (epoch == Short.MAX_VALUE) {
            log.info("producer {} used up its epochs; asking for a new producer id", producerId);
            state = State.NEEDED;
            return false;
        }
        epoch++;
        log.debug("producer {}: a partition starts its sequences again under epoch {}", producerId, epoch);
        return true;
    }

    /** Takes the producer id and epoch the transaction coordinator gave (transactional Writers only). */
    void adopt(long newProducerId, short newEpoch) {
        producerId = newProducerId;
        epoch = newEpoch;
        state = State.READY;
    }

    /** Whether the partitions number batches under ids of the coordinator's, which moves the epoch itself. */
    boolean isTransactional() {
        return transactional;
    }

    /** When the next InitProducerId may go out ({@link System#nanoTime()} based). */
    long retryAtNanos() {
        return retryAtNanos;
    }

    /**
     * Sends InitProducerId if a producer id is needed and the back-off after a failed attempt has passed.
     *
     * @param post runs the result handler on the sender thread
     */
    void maybeRequest(long nowNanos, Consumer<Runnable> post) {
        if (transactional || state != State.NEEDED || nowNanos - retryAtNanos < 0) {
            return;
        }
        state = State.REQUESTING;
        pool.anyConnection().thenCompose(connection -> {
            short version = connection.negotiatedVersion(ApiKey.INIT_PRODUCER_ID);
            InitProducerIdRequest request = new InitProducerIdRequest().setTransactionalId(null)
                    .setTransactionTimeoutMs(TRANSACTION_TIMEOUT_MS);
            return connection.<InitProducerIdResponse>send(request, version, requestTimeout);
        }).whenComplete((response, error) -> post.accept(() -> handle(response, error)));
    }

    private void handle(InitProducerIdResponse response, Throwable error) {
        KafkaException failed;
        if (error != null) {
            failed = ProduceErrors.unwrap(error, "InitProducerId");
        } else if (response.errorCode() == ErrorCode.NONE.code()) {
            producerId = response.producerId();
            epoch = response.producerEpoch();
            state = State.READY;
            failedAttempts = 0;
            log.debug("producer id {} epoch {}", producerId, epoch);
            return;
        } else {
            failed = ErrorCode.exception(response.errorCode(), "InitProducerId");
        }
        if (ProduceErrors.retriable(failed)) {
            failedAttempts++;
            retryAtNanos = System.nanoTime() + backoff.delayNanos(failedAttempts);
            state = State.NEEDED;
            log.debug("InitProducerId failed, retrying: {}", failed.getMessage());
        } else {
            state = State.FAILED;
            failure = failed;
            log.warn("cannot write idempotently: {}", failed.getMessage());
        }
    }
}
