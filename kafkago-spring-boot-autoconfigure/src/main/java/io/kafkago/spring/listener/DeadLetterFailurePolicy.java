package io.kafkago.spring.listener;

import java.util.Locale;

/**
 * What a listener container does when a dead letter could not be written within the dead-letter writer's
 * delivery timeout: the message cannot be committed as handled, and it cannot be parked either.
 */
public enum DeadLetterFailurePolicy {

    /**
     * Stop the container: its members commit what was finished before the message and leave the group, so
     * their partitions go to other members. The message and those after it stay uncommitted (at-least-once);
     * {@code KafkaGoListenerRegistry.start(id)} starts the container again.
     */
    STOP,

    /**
     * Log and count the failure, then commit past the message without a dead letter: the listener does not see
     * it again, and it stays only in the source topic (for its retention time).
     */
    SKIP,

    /**
     * Keep writing the dead letter with the listener's retry back-off while the partition waits; the health
     * indicator reports the container down and every failed attempt is counted until one succeeds.
     */
    RETRY;

    /**
     * The policy named {@code text}, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static DeadLetterFailurePolicy parse(String text) {
        for (DeadLetterFailurePolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(text.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("deadLetterFailurePolicy must be 'stop', 'skip' or 'retry', was '" + text
                + "'");
    }

    /** The name as properties and annotations spell it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
