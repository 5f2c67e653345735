package io.kafkago.internal;

import io.kafkago.KafkaInterruptedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Exponential back-off between attempts (writes, fetches, group joins): the first retry waits about {@code min}, each
 * further one twice as long, never more than {@code max}. A random jitter of up to 20% below the
 * nominal delay keeps many writers from retrying in lock step after a broker restart.
 */
public final class Backoff {

    private static final double JITTER = 0.2;

    private final long minNanos;
    private final long maxNanos;

    /**
     * @param min delay before the first retry (positive)
     * @param max upper bound of any delay, at least {@code min}
     */
    public Backoff(Duration min, Duration max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("minimum back-off must be positive, got " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("maximum back-off " + max + " is below the minimum " + min);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    /**
     * The nominal (jitter-free) delay after {@code failedAttempts} failures.
     *
     * @param failedAttempts how many attempts failed so far, at least 1
     */
    public long nominalDelayNanos(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        int doublings = Math.min(failedAttempts - 1, 62);
        long delay = minNanos;
        for (int i = 0; i < doublings && delay < maxNanos; i++) {
            delay = delay > maxNanos / 2 ? maxNanos : delay * 2;
        }
        return Math.min(delay, maxNanos);
    }

    /** The delay to wait after {@code failedAttempts} failures, with jitter; never below 80% of nominal. */
    public long delayNanos(int failedAttempts) {
        long nominal = nominalDelayNanos(failedAttempts);
        long jitter = (long) (nominal * JITTER * ThreadLocalRandom.current().nextDouble());
        return nominal - jitter;
    }

    @Override
    public String toString() {
        return "Backoff[min=" + Duration.ofNanos(minNanos) + ", max=" + Duration.ofNanos(maxNanos) + "]";
    }

    /**
     * Sleeps for a back-off on the calling thread.
     *
     * @param during what waits, for the exception: "interrupted while " + during
     * @throws KafkaInterruptedException if interrupted (the interrupt status is kept)
     */
    public static void sleep(long nanos, String during) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaInterruptedException("interrupted while " + during);
        }
    }
}
