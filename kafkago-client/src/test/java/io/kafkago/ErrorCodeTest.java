package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** ErrorCode against kafka-clients' Errors table. */
class ErrorCodeTest {

    @Test
    void everyKafkaErrorIsPresentWithItsCodeAndRetriability() {
        assertThat(ErrorCode.values()).hasSize(Errors.values().length);
        for (Errors kafka : Errors.values()) {
            ErrorCode ours = ErrorCode.forCode(kafka.code());
            assertThat(ours.name()).isEqualTo(kafka.name());
            assertThat(ours.code()).isEqualTo(kafka.code());
            assertThat(ours.retriable()).as(kafka.name()).isEqualTo(kafka.exception() instanceof RetriableException);
            assertThat(ours.description()).isNotBlank();
            assertThat(ErrorCode.isKnown(kafka.code())).isTrue();
        }
    }

    @Test
    void wellKnownCodes() {
        assertThat(ErrorCode.forCode((short) -1)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorCode.forCode((short) 0)).isEqualTo(ErrorCode.NONE);
        assertThat(ErrorCode.forCode((short) 6)).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertThat(ErrorCode.NOT_LEADER_OR_FOLLOWER.retriable()).isTrue();
        assertThat(ErrorCode.TOPIC_AUTHORIZATION_FAILED.retriable()).isFalse();
        assertThat(ErrorCode.NONE.isError()).isFalse();
    }

    @Test
    void unknownCodeKeepsItsNumberInTheException() {
        assertThat(ErrorCode.isKnown((short) 9999)).isFalse();
        assertThat(ErrorCode.forCode((short) 9999)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        KafkaBrokerException exception = ErrorCode.exception((short) 9999, "fetch orders-0");
        assertThat(exception.errorCode()).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(exception.rawCode()).isEqualTo((short) 9999);
        assertThat(exception.getMessage()).startsWith("fetch orders-0: UNKNOWN_SERVER_ERROR (unknown code 9999)");
        assertThat(ErrorCode.forCode(Short.MIN_VALUE)).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void exceptionNamesCodeDescriptionAndContext() {
        KafkaBrokerException exception = ErrorCode.NOT_LEADER_OR_FOLLOWER.exception("produce to orders-3");
        assertThat(exception.getMessage())
                .isEqualTo("produce to orders-3: NOT_LEADER_OR_FOLLOWER (6): " + ErrorCode.NOT_LEADER_OR_FOLLOWER.description());
        assertThat(exception.retriable()).isTrue();
        assertThat(exception).isInstanceOf(io.kafkago.KafkaException.class);
    }

    @Test
    void throwIfErrorPassesNoneOnly() {
        assertThatCode(() -> ErrorCode.throwIfError((short) 0, "x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ErrorCode.throwIfError((short) 3, "metadata for t"))
                .isInstanceOf(KafkaBrokerException.class)
                .hasMessageContaining("UNKNOWN_TOPIC_OR_PARTITION");
    }
}
