package io.kafkago.test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds, for cluster state that settles asynchronously (leader election, ISR changes).
 * The timeout is a safety net against hangs, not a performance assertion.
 */
public final class Await {

    /** Pause between two evaluations of the condition. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Evaluates {@code condition} until it returns true.
     *
     * @param what describes the awaited state for the error message
     * @throws KafkaTestSetupException if the condition still fails after {@code timeout} or the thread is interrupted
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new KafkaTestSetupException("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaTestSetupException("Interrupted while waiting for " + what, e);
            }
        }
    }
}
