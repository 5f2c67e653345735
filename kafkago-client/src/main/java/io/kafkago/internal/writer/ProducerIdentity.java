package io.kafkago.internal.writer;

import io.kafkago.internal.Backoff;
import io.kafkago.KafkaException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ErrorCode;
import io.kafkago.protocol.message.InitProducerIdRequest;
import io.kafkago.protocol.message.InitProducerIdResponse;
import io.kafkago.network.ConnectionPool;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's id and epoch, obtained with InitProducerId (no transactional id).
 *
 * <p>When the broker no longer agrees with our sequence numbers (KIP-360) the sender asks for an epoch
 * bump: InitProducerId with the current id and epoch, which brokers since 2.5 (request v3) answer with
 * the same id and the next epoch; older brokers get a fresh id instead. Either way every partition's
 * sequences start again at 0. Owned by the sender thread; responses come back through {@code post}.
 */
final class ProducerIdentity {

    private static final Logger log = LoggerFactory.getLogger(ProducerIdentity.class);
    /** First InitProducerId version carrying the current producer id and epoch (KIP-360). */
    private static final short FIRST_BUMP_VERSION = 3;
    /** Transaction timeout sent along; brokers ignore it without a transactional id. */
    private static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private enum State { NEEDED, REQUESTING, READY, FAILED }

    private final ConnectionPool pool;
    private final Duration requestTimeout;
    private final Backoff backoff;
    private State state = State.NEEDED;
    private long producerId = -1;
    private short epoch = -1;
    private int failedAttempts;
    private long retryAtNanos;
    private KafkaException failure;
    private KafkaException lastError;
    /** Whether sequences must be reset once the next id or epoch arrives (always after the first). */
    private boolean resetSequences;

    ProducerIdentity(ConnectionPool pool, Duration requestTimeout, Backoff backoff) {
        this.pool = pool;
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
        this.retryAtNanos = System.nanoTime();
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Whether produce requests may go out with the current id and epoch. */
    boolean isReady() {
        return state == State.READY;
    }

    /** The error that makes idempotent writing impossible (e.g. missing authorization), or null. */
    KafkaException failure() {
        return state == State.FAILED ? failure : null;
    }

    /** The broker lost or rejected our producer state: get a new epoch before sending more. */
    void requestBump() {
        if (state == State.READY) {
            log.info("producer {} epoch {}: the broker lost track of our sequences, bumping the epoch", producerId, epoch);
            state = State.NEEDED;
            resetSequences = true;
        }
    }

    /**
     * The last InitProducerId error when {@code maxAttempts} attempts in a row failed, else null. Reading it
     * starts a new count, so pending batches fail once per round of attempts while retrying goes on.
     */
    KafkaException exhaustedAttempts(int maxAttempts) {
        if (failedAttempts < maxAttempts || lastError == null) {
            return null;
        }
        failedAttempts = 0;
        return lastError;
    }

    /** When the next InitProducerId may go out ({@link System#nanoTime()} based). */
    long retryAtNanos() {
        return retryAtNanos;
    }

    /**
     * Sends InitProducerId if one is needed and due. Callers only do so with no produce request in flight,
     * so every sequence can be reset safely when the answer arrives.
     *
     * @param post runs a result handler on the sender thread
     * @param onNewIdentity run on the sender thread once a new id or epoch arrived and sequences must restart
     */
    void maybeRequest(long nowNanos, Consumer<Runnable> post, Runnable onNewIdentity) {
        if (state != State.NEEDED || nowNanos - retryAtNanos < 0) {
            return;
        }
        state = State.REQUESTING;
        pool.anyConnection().thenCompose(connection -> {
            short version = connection.negotiatedVersion(ApiKey.INIT_PRODUCER_ID);
            InitProducerIdRequest request = new InitProducerIdRequest().setTransactionalId(null)
                    .setTransactionTimeoutMs(TRANSACTION_TIMEOUT_MS);
            if (producerId >= 0 && version >= FIRST_BUMP_VERSION) {
                request.setProducerId(producerId).setProducerEpoch(epoch);
            }
            return connection.<InitProducerIdResponse>send(request, version, requestTimeout);
        }).whenComplete((response, error) -> post.accept(() -> handle(response, error, onNewIdentity)));
    }

    private void handle(InitProducerIdResponse response, Throwable error, Runnable onNewIdentity) {
        KafkaException failed = null;
        if (error != null) {
            failed = ProduceErrors.unwrap(error, "InitProducerId");
        } else {
            ErrorCode code = ErrorCode.forCode(response.errorCode());
            if (code == ErrorCode.NONE) {
                boolean hadIdentity = producerId >= 0;
                producerId = response.producerId();
                epoch = response.producerEpoch();
                state = State.READY;
                failedAttempts = 0;
                log.debug("producer id {} epoch {}", producerId, epoch);
                if (hadIdentity || resetSequences) {
                    resetSequences = false;
                    onNewIdentity.run();
                }
                return;
            }
            if (code == ErrorCode.INVALID_PRODUCER_EPOCH || code == ErrorCode.PRODUCER_FENCED) {
                producerId = -1; // our epoch is no longer current: start over with a fresh id
                epoch = -1;
                resetSequences = true;
            }
            failed = ErrorCode.exception(response.errorCode(), "InitProducerId");
        }
        if (ProduceErrors.retriable(failed) || ProduceErrors.isProducerStateError(ProduceErrors.codeOf(failed))
                || ProduceErrors.codeOf(failed) == ErrorCode.PRODUCER_FENCED) {
            failedAttempts++;
            lastError = failed;
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
