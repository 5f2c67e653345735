package io.kafkago.network;

import io.kafkago.KafkaAuthenticationException;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How background loops (fetching, group membership, producing) read a failure: which ones only the
 * user can fix, so that they reach the application as what they are instead of being retried into a
 * timeout or hidden behind "no broker reachable".
 */
public final class Failures {

    private Failures() {
    }

    /** The failure behind {@link CompletionException} / {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * The failure itself when it says the client is not let in: a {@link KafkaAuthenticationException}
     * (wrong credentials, mechanism refused) or a broker's authorization or SASL error
     * (TOPIC_/GROUP_/CLUSTER_AUTHORIZATION_FAILED and the like). No retry succeeds until someone changes
     * credentials or ACLs, so the application must be told. Null for any other failure (wrappers are
     * looked through).
     */
    public static KafkaException accessDenied(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof KafkaAuthenticationException authentication) {
            return authentication;
        }
        if (cause instanceof KafkaBrokerException broker && isAccessDenied(broker.errorCode())) {
            return broker;
        }
        return null;
    }

    /**
     * The failure itself when a broker's answer could not be read ({@link KafkaProtocolException}: a broken or
     * hostile broker, or something on the way garbling the bytes). A retry may help or not; either way a loop that
     * only retries would look to the application like a partition without news. Null for any other failure
     * (wrappers are looked through).
     */
    public static KafkaProtocolException unreadable(Throwable failure) {
        return unwrap(failure) instanceof KafkaProtocolException unreadable ? unreadable : null;
    }

    /**
     * Whether a request's failure should close the connection it went out on: no answer in time. A paused, cut-off
     * or overloaded broker absorbs every further request sent on that connection too; a new connection is opened for
     * the next request (and the broker may have been replaced behind its address meanwhile).
     */
    public static boolean condemnsConnection(Throwable failure) {
        return unwrap(failure) instanceof KafkaTimeoutException;
    }

    /** True for broker errors that refuse the client's identity or permissions. */
    private static boolean isAccessDenied(ErrorCode error) {
        return switch (error) {
            case TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED,
                 TRANSACTIONAL_ID_AUTHORIZATION_FAILED, DELEGATION_TOKEN_AUTHORIZATION_FAILED,
                 SASL_AUTHENTICATION_FAILED, UNSUPPORTED_SASL_MECHANISM, ILLEGAL_SASL_STATE -> true;
            default -> false;
        };
    }
}
