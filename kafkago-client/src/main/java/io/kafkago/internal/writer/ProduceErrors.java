package io.kafkago.internal.writer;

import io.kafkago.KafkaAuthenticationException;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.ErrorCode;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the sender reads a failed produce attempt: may it be retried, and may it have been written anyway.
 *
 * <p>"Not written" needs proof: the partition leader answered with an error it raises before appending (bad
 * records, authorization, no such partition, too few in-sync replicas, a sequence or epoch it refuses).
 * Everything else may have reached the log: no answer (timeout, lost connection), an answer that cannot be read
 * or leaves the partition out, and the errors a broker also gives after appending (REQUEST_TIMED_OUT,
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND, NOT_LEADER_OR_FOLLOWER when leadership moved while the write waited for
 * replicas, storage and unknown server errors).
 */
final class ProduceErrors {

    /** Errors a partition leader returns only for a batch it did not append. */
    private static final Set<ErrorCode> REJECTED_BEFORE_APPEND = EnumSet.of(
            ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.INVALID_TOPIC_EXCEPTION,
            ErrorCode.INVALID_REQUIRED_ACKS, ErrorCode.INVALID_REQUEST, ErrorCode.UNSUPPORTED_VERSION,
            ErrorCode.TOPIC_AUTHORIZATION_FAILED, ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
            ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
            ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.RECORD_LIST_TOO_LARGE, ErrorCode.CORRUPT_MESSAGE,
            ErrorCode.INVALID_RECORD, ErrorCode.INVALID_TIMESTAMP, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
            ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, ErrorCode.NOT_ENOUGH_REPLICAS,
            ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, ErrorCode.INVALID_PRODUCER_EPOCH, ErrorCode.UNKNOWN_PRODUCER_ID,
            ErrorCode.PRODUCER_FENCED, ErrorCode.INVALID_PRODUCER_ID_MAPPING, ErrorCode.INVALID_TXN_STATE);

    private ProduceErrors() {
    }

    /** The error code of a broker error, or null for other failures. */
    static ErrorCode codeOf(KafkaException error) {
        return error instanceof KafkaBrokerException broker ? broker.errorCode() : null;
    }

    /**
     * Whether sending the same batch again may succeed: retriable broker errors, lost connections, timeouts, and
     * answers that could not be read (the next one may be fine; with idempotence the broker drops a duplicate).
     */
    static boolean retriable(KafkaException error) {
        if (error instanceof KafkaBrokerException broker) {
            return broker.retriable();
        }
        if (error instanceof KafkaAuthenticationException) {
            return false;
        }
        return error instanceof KafkaConnectionException || error instanceof KafkaTimeoutException
                || error instanceof KafkaProtocolException;
    }

    /** Whether the failed attempt may have been written: anything but a broker's refusal before appending. */
    static boolean mayHaveBeenWritten(KafkaException error) {
        ErrorCode code = codeOf(error);
        return code == null || !REJECTED_BEFORE_APPEND.contains(code);
    }

    /** Errors by which the broker says it does not know this producer's state the way we do (KIP-360). */
    static boolean isProducerStateError(ErrorCode code) {
        return code == ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER || code == ErrorCode.UNKNOWN_PRODUCER_ID
                || code == ErrorCode.INVALID_PRODUCER_EPOCH;
    }

    /** The {@link KafkaException} behind a future's failure, wrapping anything unexpected. */
    static KafkaException unwrap(Throwable failure, String context) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof KafkaException kafka ? kafka : new KafkaException(context + ": " + cause, cause);
    }
}
