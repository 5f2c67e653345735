package io.kafkago.internal.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.KafkaAuthenticationException;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.ErrorCode;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ProduceErrorsTest {

    private static KafkaException broker(ErrorCode code) {
        return new KafkaBrokerException(code, "produce to t-0");
    }

    @Test
    void retriesRetriableBrokerErrorsLostConnectionsAndTimeouts() {
        assertThat(ProduceErrors.retriable(broker(ErrorCode.NOT_LEADER_OR_FOLLOWER))).isTrue();
        assertThat(ProduceErrors.retriable(broker(ErrorCode.NOT_ENOUGH_REPLICAS))).isTrue();
        assertThat(ProduceErrors.retriable(new KafkaConnectionException("reset"))).isTrue();
        assertThat(ProduceErrors.retriable(new KafkaTimeoutException("slow"))).isTrue();
        assertThat(ProduceErrors.retriable(broker(ErrorCode.MESSAGE_TOO_LARGE))).isFalse();
        assertThat(ProduceErrors.retriable(broker(ErrorCode.TOPIC_AUTHORIZATION_FAILED))).isFalse();
        assertThat(ProduceErrors.retriable(new KafkaAuthenticationException("refused"))).isFalse();
    }

    @Test
    void answersThatCannotBeReadAreRetried() {
        assertThat(ProduceErrors.retriable(new KafkaProtocolException("garbage"))).isTrue();
    }

    @Test
    void onlyARefusalBeforeAppendingProvesABatchWasNotWritten() {
        assertThat(ProduceErrors.mayHaveBeenWritten(new KafkaTimeoutException("slow"))).isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(new KafkaConnectionException("reset"))).isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(new KafkaProtocolException("no answer for t-0"))).isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(new KafkaException("anything else"))).isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.REQUEST_TIMED_OUT))).isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND))).isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.NOT_LEADER_OR_FOLLOWER)))
                .as("also answered when leadership moved while the write waited for replicas").isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.UNKNOWN_SERVER_ERROR))).isTrue();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.MESSAGE_TOO_LARGE))).isFalse();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.NOT_ENOUGH_REPLICAS))).isFalse();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER))).isFalse();
        assertThat(ProduceErrors.mayHaveBeenWritten(broker(ErrorCode.TOPIC_AUTHORIZATION_FAILED))).isFalse();
    }

    @Test
    void producerStateErrorsAreTheKip360Ones() {
        assertThat(ProduceErrors.isProducerStateError(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER)).isTrue();
        assertThat(ProduceErrors.isProducerStateError(ErrorCode.UNKNOWN_PRODUCER_ID)).isTrue();
        assertThat(ProduceErrors.isProducerStateError(ErrorCode.INVALID_PRODUCER_EPOCH)).isTrue();
        assertThat(ProduceErrors.isProducerStateError(ErrorCode.DUPLICATE_SEQUENCE_NUMBER)).isFalse();
        assertThat(ProduceErrors.isProducerStateError(null)).isFalse();
    }

    @Test
    void unwrapsFutureFailures() {
        KafkaException cause = new KafkaConnectionException("reset");
        assertThat(ProduceErrors.unwrap(new CompletionException(cause), "x")).isSameAs(cause);
        KafkaException wrapped = ProduceErrors.unwrap(new CompletionException(new IllegalStateException("bug")), "sending");
        assertThat(wrapped).hasMessageContaining("sending").hasCauseInstanceOf(IllegalStateException.class);
    }
}
