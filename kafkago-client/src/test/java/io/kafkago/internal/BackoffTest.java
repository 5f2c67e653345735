package io.kafkago.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void doublesFromTheMinimumUpToTheMaximum() {
        assertThat(backoff.nominalDelayNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(backoff.nominalDelayNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(backoff.nominalDelayNanos(3)).isEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(backoff.nominalDelayNanos(4)).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(backoff.nominalDelayNanos(5)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(backoff.nominalDelayNanos(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void jitterStaysWithinTwentyPercentBelowNominal() {
        for (int attempt = 1; attempt < 10; attempt++) {
            long nominal = backoff.nominalDelayNanos(attempt);
            for (int i = 0; i < 100; i++) {
                assertThat(backoff.delayNanos(attempt)).isBetween((long) (nominal * 0.8), nominal);
            }
        }
    }

    @Test
    void hugeMaximumDoesNotOverflow() {
        Backoff wide = new Backoff(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE));
        assertThat(wide.nominalDelayNanos(64)).isEqualTo(1L << 62);
        assertThat(wide.nominalDelayNanos(1000)).isPositive();
    }

    @Test
    void rejectsBadBounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the minimum");
        assertThatThrownBy(() -> backoff.nominalDelayNanos(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
