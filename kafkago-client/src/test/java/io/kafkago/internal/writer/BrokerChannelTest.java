package io.kafkago.internal.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BrokerChannelTest {

    private static final long MIB = 1024 * 1024;
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    private final BrokerChannel channel = new BrokerChannel(1);

    @Test
    void sendsWithoutLimitUntilTheLinkWasMeasured() {
        assertThat(channel.inFlightByteBudget(TIMEOUT, MIB)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void keepsInFlightWhatTheBrokerTookInDuringHalfTheTimeout() {
        channel.recordRoundTrip(4 * MIB, TimeUnit.SECONDS.toNanos(4)); // 1 MiB/s
        assertThat(channel.inFlightByteBudget(TIMEOUT, MIB)).isEqualTo(10 * MIB);
    }

    @Test
    void neverBelowOneBatch() {
        channel.recordRoundTrip(MIB, TimeUnit.SECONDS.toNanos(100));
        assertThat(channel.inFlightByteBudget(TIMEOUT, MIB)).isEqualTo(MIB);
    }

    @Test
    void smallRequestsSayNothingAboutTheLink() {
        channel.recordRoundTrip(1000, TimeUnit.SECONDS.toNanos(1));
        assertThat(channel.inFlightByteBudget(TIMEOUT, MIB)).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * A link that was fast and slows down: answers now come seconds apart, so the first slow one must shrink the
     * budget; a slow drift from 100 MiB/s would let the sender put far more on the link than it carries in a
     * request timeout (scenario 7 of the fault matrix timed a request out that way).
     */
    @Test
    void aSlowdownCountsAtOnce() {
        for (int i = 0; i < 20; i++) {
            channel.recordRoundTrip(4 * MIB, TimeUnit.MILLISECONDS.toNanos(40)); // 100 MiB/s
        }
        channel.recordRoundTrip(2 * MIB, TimeUnit.SECONDS.toNanos(2)); // 1 MiB/s
        assertThat(channel.inFlightByteBudget(TIMEOUT, MIB)).isEqualTo(10 * MIB);
    }

    @Test
    void followsTheLinkAsItChanges() {
        channel.recordRoundTrip(4 * MIB, TimeUnit.SECONDS.toNanos(4));
        long slow = channel.inFlightByteBudget(TIMEOUT, MIB);
        for (int i = 0; i < 20; i++) {
            channel.recordRoundTrip(4 * MIB, TimeUnit.MILLISECONDS.toNanos(40)); // 100 MiB/s
        }
        assertThat(channel.inFlightByteBudget(TIMEOUT, MIB)).isGreaterThan(50 * slow);
    }
}
