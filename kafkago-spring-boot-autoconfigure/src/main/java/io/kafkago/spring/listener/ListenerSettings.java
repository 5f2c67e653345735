package io.kafkago.spring.listener;

import java.time.Duration;
import java.util.Objects;

/**
 * Container settings shared by every {@code @KafkaGoListener} unless the annotation overrides them;
 * the auto-configuration builds them from {@code kafkago.listener.*}.
 *
 * @param concurrency group members (threads) per container
 * @param autoStartup whether containers start with the application context
 * @param retry how failing handlers are called again
 * @param deadLetterEnabled whether messages that failed for good go to a dead-letter topic; when off
 *     they are logged and skipped
 * @param deadLetterTopicSuffix appended to the message's topic to name the dead-letter topic
 * @param deadLetterFailurePolicy what a container does when a dead letter cannot be written, unless the
 *     listener says otherwise
 * @param shutdownTimeout how long stopping a container may wait for the messages in hand
 * @param maxBatchSize most messages a batch listener gets in one call, and most messages a single-message
 *     listener handles between two commits
 * @param slowHandlerThreshold how long a handler call may run before it is reported as slow (it is not
 *     interrupted)
 * @param transactional whether containers handle messages exactly once, in transactions (see
 *     {@code KafkaGoListener#transactional()})
 */
public record ListenerSettings(int concurrency, boolean autoStartup, RetryBackOff retry, boolean deadLetterEnabled,
        String deadLetterTopicSuffix, DeadLetterFailurePolicy deadLetterFailurePolicy, Duration shutdownTimeout,
        int maxBatchSize, Duration slowHandlerThreshold, boolean transactional) {

    /** Validates the values. */
    public ListenerSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(deadLetterTopicSuffix, "deadLetterTopicSuffix");
        Objects.requireNonNull(deadLetterFailurePolicy, "deadLetterFailurePolicy");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(slowHandlerThreshold, "slowHandlerThreshold");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        if (deadLetterEnabled && deadLetterTopicSuffix.isEmpty()) {
            throw new IllegalArgumentException("the dead-letter topic suffix must not be empty: "
                    + "dead letters would go back to the topic they came from");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + shutdownTimeout);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
        if (slowHandlerThreshold.isNegative() || slowHandlerThreshold.isZero()) {
            throw new IllegalArgumentException("slowHandlerThreshold must be positive, was " + slowHandlerThreshold);
        }
    }
}
