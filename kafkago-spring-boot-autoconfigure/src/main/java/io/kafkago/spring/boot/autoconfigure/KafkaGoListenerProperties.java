package io.kafkago.spring.boot.autoconfigure;

import java.time.Duration;

/** The {@code kafkago.listener.*} properties: defaults for every {@code @KafkaGoListener} container. */
public class KafkaGoListenerProperties {

    /** Consumer-group members (threads) per listener container. */
    private int concurrency = 1;

    /** Whether listener containers start with the application context. */
    private boolean autoStartup = true;

    /**
     * Most messages a batch listener receives in one call; also most messages, of those already fetched, a
     * single-message listener handles before their offsets are committed together.
     */
    private int maxBatchSize = 500;

    /** How long stopping a container may wait for the messages in hand to finish and be committed. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /** How failing handlers are called again. */
    private final Retry retry = new Retry();

    /** Where messages go that a handler failed on after all retries or that could not be converted. */
    private final DeadLetter deadLetter = new DeadLetter();

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public boolean isAutoStartup() {
        return autoStartup;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public int getMaxBatchSize() {
        return maxBatchSize;
    }

    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Retry getRetry() {
        return retry;
    }

    public DeadLetter getDeadLetter() {
        return deadLetter;
    }

    /** Retry settings ({@code kafkago.listener.retry.*}). */
    public static class Retry {

        /** Handler calls per message, the first included; 1 means no retries. */
        private int maxAttempts = 3;

        /** Wait after the first failed call. */
        private Duration initialInterval = Duration.ofMillis(200);

        /** Factor by which each further wait grows. */
        private double multiplier = 2.0;

        /** Longest wait between calls. */
        private Duration maxInterval = Duration.ofSeconds(10);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }

    /** Dead-letter settings ({@code kafkago.listener.dead-letter.*}). */
    public static class DeadLetter {

        /** Whether failed messages are written to a dead-letter topic; when off they are logged and skipped. */
        private boolean enabled = true;

        /** Appended to the message's topic to name its dead-letter topic (unless the listener names one). */
        private String topicSuffix = ".DLT";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTopicSuffix() {
            return topicSuffix;
        }

        public void setTopicSuffix(String topicSuffix) {
            this.topicSuffix = topicSuffix;
        }
    }
}
