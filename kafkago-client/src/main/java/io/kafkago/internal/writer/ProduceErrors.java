package io.kafkago.internal.writer;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.protocol.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How the sender reads a failed produce attempt: may it be retried, and may it have been written anyway. */
final class ProduceErrors {

    private ProduceErrors() {
    }

    /** The error code of a broker error, or null for other failures. */
    static ErrorCode codeOf(KafkaException error) {
        return error instanceof KafkaBrokerException broker ? broker.errorCode() : null;
    }

    /** Whether sending the same batch again may succeed: retriable broker errors, lost connections, timeouts. */
    static boolean retriable(KafkaException error) {
        if (error instanceof KafkaBrokerException broker) {
            return broker.retriable();
        }
        return error instanceof KafkaConnectionException || error instanceof KafkaTimeoutException;
    }

    /**
     * Whether the attempt may have been written although it failed: the request or its replication timed out,
     * or the connection dropped before the answer came. Such a batch's sequence numbers cannot be handed to
     * another batch.
     */
    static boolean outcomeUnknown(KafkaException error) {
        ErrorCode code = codeOf(error);
        if (code == null) {
            return error instanceof KafkaConnectionException || error instanceof KafkaTimeoutException;
        }
        return code == ErrorCode.REQUEST_TIMED_OUT || code == ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND
                || code == ErrorCode.NETWORK_EXCEPTION;
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
