package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.KafkaAuthenticationException;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which failures background loops must hand to the application rather than retry silently. */
class FailuresTest {

    @Test
    void anAuthenticationFailureIsFoundBehindFutureWrappers() {
        KafkaAuthenticationException refused = new KafkaAuthenticationException("SCRAM-SHA-512 authentication failed");
        Throwable wrapped = new CompletionException(new ExecutionException(refused));
        assertThat(Failures.unwrap(wrapped)).isSameAs(refused);
        assertThat(Failures.accessDenied(wrapped)).isSameAs(refused);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"TOPIC_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED",
        "CLUSTER_AUTHORIZATION_FAILED", "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", "SASL_AUTHENTICATION_FAILED"})
    void authorizationAndSaslBrokerErrorsAreAccessDenied(ErrorCode code) {
        KafkaBrokerException error = code.exception("fetch orders-0");
        assertThat(Failures.accessDenied(new CompletionException(error))).isSameAs(error);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"NOT_LEADER_OR_FOLLOWER", "UNKNOWN_TOPIC_OR_PARTITION",
        "COORDINATOR_NOT_AVAILABLE", "OFFSET_OUT_OF_RANGE", "INVALID_RECORD"})
    void otherBrokerErrorsAreNot(ErrorCode code) {
        assertThat(Failures.accessDenied(code.exception("fetch orders-0"))).isNull();
    }

    @Test
    void connectionTroubleAndTimeoutsAreNot() {
        assertThat(Failures.accessDenied(new KafkaConnectionException("no broker reachable"))).isNull();
        assertThat(Failures.accessDenied(new CompletionException(new KafkaTimeoutException("timed out")))).isNull();
        assertThat(Failures.accessDenied(new IllegalStateException("bug"))).isNull();
    }

    @Test
    void anAnswerThatCannotBeReadIsUnreadableBehindFutureWrappers() {
        KafkaProtocolException garbled = new KafkaProtocolException("cannot decode FETCH v12 response");
        assertThat(Failures.unreadable(new CompletionException(garbled))).isSameAs(garbled);
        assertThat(Failures.unreadable(new KafkaConnectionException("connection reset"))).isNull();
        assertThat(Failures.unreadable(ErrorCode.CORRUPT_MESSAGE.exception("fetch orders-0"))).isNull();
    }

    @Test
    void noAnswerInTimeCondemnsTheConnection() {
        assertThat(Failures.condemnsConnection(new CompletionException(new KafkaTimeoutException("no answer")))).isTrue();
        assertThat(Failures.condemnsConnection(new KafkaProtocolException("garbled frame, intact stream"))).isFalse();
        assertThat(Failures.condemnsConnection(new KafkaConnectionException("already gone"))).isFalse();
        assertThat(Failures.condemnsConnection(ErrorCode.NOT_LEADER_OR_FOLLOWER.exception("fetch t-0"))).isFalse();
    }
}
