package io.kafkago.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackOffTest {

    @Test
    void delaysGrowByTheMultiplierUpToTheMaximum() {
        RetryBackOff backOff = new RetryBackOff(10, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));
        assertThat(backOff.delayBeforeRetry(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backOff.delayBeforeRetry(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backOff.delayBeforeRetry(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backOff.delayBeforeRetry(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backOff.delayBeforeRetry(10_000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backOff.withMaxAttempts(2).maxAttempts()).isEqualTo(2);
    }

    @Test
    void invalidValuesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryBackOff(0, Duration.ZERO, 1, Duration.ZERO))
                .withMessage("maxAttempts must be at least 1, was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryBackOff(1, Duration.ofMillis(-1), 1, Duration.ZERO))
                .withMessageContaining("initialInterval must not be negative");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryBackOff(1, Duration.ZERO, 0.5, Duration.ZERO))
                .withMessageContaining("multiplier");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryBackOff(1, Duration.ZERO, Double.NaN, Duration.ZERO))
                .withMessageContaining("multiplier");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryBackOff(1, Duration.ofSeconds(2), 1, Duration.ofSeconds(1)))
                .withMessageContaining("must not be shorter than initialInterval");
        assertThatIllegalArgumentException().isThrownBy(() -> StartOffset.parse("middle"))
                .withMessage("start offset must be 'first' or 'last', was 'middle'");
        assertThat(StartOffset.parse(" LAST ")).isEqualTo(StartOffset.LAST);
    }
}
