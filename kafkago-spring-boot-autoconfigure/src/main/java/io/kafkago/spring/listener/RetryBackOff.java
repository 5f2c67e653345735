package io.kafkago.spring.listener;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a failing handler is called again: {@code maxAttempts} calls in all, the
 * waits between them growing from {@code initialInterval} by {@code multiplier} up to {@code maxInterval}.
 */
public record RetryBackOff(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval) {

    /** Validates the values. */
    public RetryBackOff {
        Objects.requireNonNull(initialInterval, "initialInterval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialInterval.isNegative()) {
            throw new IllegalArgumentException("initialInterval must not be negative, was " + initialInterval);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1, was " + multiplier);
        }
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException(
                    "maxInterval (" + maxInterval + ") must not be shorter than initialInterval (" + initialInterval + ")");
        }
    }

    /** The same back-off with another number of attempts. */
    public RetryBackOff withMaxAttempts(int attempts) {
        return new RetryBackOff(attempts, initialInterval, multiplier, maxInterval);
    }

    /**
     * The wait before the given retry: {@code retry} 1 is the wait after the first failed call.
     */
    public Duration delayBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, was " + retry);
        }
        double nanos = initialInterval.toNanos() * Math.pow(multiplier, retry - 1);
        long capped = (long) Math.min(nanos, maxInterval.toNanos());
        return Duration.ofNanos(capped);
    }
}
