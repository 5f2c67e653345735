package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.spring.listener.DeadLetterFailurePolicy;
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

    /**
     * How long a handler call may run before it is reported as slow: logged, counted in the
     * kafkago.listener.slow.handlers meters and shown by the kafkagoListeners health indicator until it returns.
     * The call is not interrupted.
     */
    private Duration slowHandlerThreshold = Duration.ofSeconds(30);

    /**
     * Whether each handler call is a kafkago.listener.process observation (needs an ObservationRegistry): a single
     * message's continues the trace in its headers, a batch call's span links to every message's trace (with
     * Micrometer Tracing); false keeps the listener meters only.
     */
    private boolean observationEnabled = true;

    /**
     * Whether listener containers handle messages exactly once, unless the listener says otherwise: each member
     * writes what the handler writes through the Writer and commits the consumed offsets in transactions of a
     * producer of its own. Needs kafkago.writer.transaction-id-prefix.
     */
    private boolean transactional;

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

    public boolean isObservationEnabled() {
        return observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
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

    public Duration getSlowHandlerThreshold() {
        return slowHandlerThreshold;
    }

    public void setSlowHandlerThreshold(Duration slowHandlerThreshold) {
        this.slowHandlerThreshold = slowHandlerThreshold;
    }

    public boolean isTransactional() {
        return transactional;
    }

    public void setTransactional(boolean transactional) {
        this.transactional = transactional;
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

        /**
         * What a container does when a dead letter is not written within kafkago.writer.delivery-timeout: stop
         * (the container stops, the message stays uncommitted), skip (commit past it without a dead letter) or
         * retry (keep trying with the retry back-off while the partition waits, health down).
         */
        private DeadLetterFailurePolicy failurePolicy = DeadLetterFailurePolicy.STOP;

        /**
         * Whether a container creates its missing dead-letter topics when it starts, with the source topic's
         * partition count; when off, a missing one fails the start.
         */
        private boolean autoCreate = true;

        /** Replicas of dead-letter topics created at start-up; unset means the broker's default.replication.factor. */
        private Integer replicationFactor;

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

        public DeadLetterFailurePolicy getFailurePolicy() {
            return failurePolicy;
        }

        public void setFailurePolicy(DeadLetterFailurePolicy failurePolicy) {
            this.failurePolicy = failurePolicy;
        }

        public boolean isAutoCreate() {
            return autoCreate;
        }

        public void setAutoCreate(boolean autoCreate) {
            this.autoCreate = autoCreate;
        }

        public Integer getReplicationFactor() {
            return replicationFactor;
        }

        public void setReplicationFactor(Integer replicationFactor) {
            this.replicationFactor = replicationFactor;
        }
    }
}
