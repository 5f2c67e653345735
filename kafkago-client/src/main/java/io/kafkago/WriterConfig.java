package io.kafkago;

import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@code Writer}: where to write, how to batch, balance, retry and acknowledge.
 * Immutable; make one with {@link #builder()}, change a copy with {@link #toBuilder()}. Each
 * default is a {@code DEFAULT_*} constant and chosen to be safe: every in-sync replica
 * acknowledges, writes are idempotent, and a lone synchronous write is sent at once.
 *
 * @param brokers                      bootstrap broker addresses ({@code host:port}), at least one
 * @param dialer                       client id, TLS, SASL and connect limits of every broker connection; its
 *                                     {@code requestTimeout} does not apply: a Writer's requests wait
 *                                     {@code writeTimeout} plus {@code readTimeout}
 * @param topic                        topic for every message, or null to take each message's own topic
 * @param balancer                     picks partitions for messages without one; default a new {@link Murmur2Balancer}
 * @param maxAttempts                  attempts per batch before its messages fail, within {@code deliveryTimeout}
 * @param deliveryTimeout              longest time from handing a message over to its success or failure, retries included
 * @param writeBackoffMin              first pause before a retry; doubles per attempt
 * @param writeBackoffMax              longest pause before a retry
 * @param batchSize                    most messages in one partition's batch
 * @param batchBytes                   most bytes in one partition's batch; larger messages are rejected
 * @param batchTimeout                 how long a batch may wait for more messages (linger)
 * @param readTimeout                  how long to wait for a broker's response
 * @param writeTimeout                 how long sending a request may take
 * @param requiredAcks                 replicas that must acknowledge a write
 * @param async                        whether {@code writeMessages} returns before the write is acknowledged
 * @param completion                   told about every written or failed group of messages, or null
 * @param interceptor                  sees each write call first and may replace its messages, or null
 * @param compression                  codec for record batches
 * @param allowAutoTopicCreation       whether writing to a missing topic asks the broker to create it
 * @param idempotent                   whether the broker de-duplicates retried batches (producer id + sequences)
 * @param maxInFlightRequestsPerBroker produce requests sent to one broker before answers arrive
 * @param bufferedBytesLimit           bytes of unsent messages the writer holds before writes block
 * @param metadataMaxAge               how often partition metadata is refreshed when nothing forced it
 * @param closeTimeout                 how long {@code close()} waits to flush pending messages
 * @param transactionalId              the id that makes the Writer transactional ({@link Writer#beginTransaction()}),
 *                                     or null (default) for none; implies idempotence and acks ALL
 * @param transactionTimeout           how long the transaction coordinator lets a transaction stay open before it
 *                                     aborts it
 * @param transactionBinding           finds another Writer's transaction that the calling thread's writes join, or
 *                                     null (default): every write is this Writer's own
 */
public record WriterConfig(
        List<String> brokers,
        Dialer dialer,
        String topic,
        Balancer balancer,
        int maxAttempts,
        Duration deliveryTimeout,
        Duration writeBackoffMin,
        Duration writeBackoffMax,
        int batchSize,
        int batchBytes,
        Duration batchTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        RequiredAcks requiredAcks,
        boolean async,
        WriteCompletion completion,
        WriteInterceptor interceptor,
        Compression compression,
        boolean allowAutoTopicCreation,
        boolean idempotent,
        int maxInFlightRequestsPerBroker,
        long bufferedBytesLimit,
        Duration metadataMaxAge,
        Duration closeTimeout,
        String transactionalId,
        Duration transactionTimeout,
        TransactionBinding transactionBinding) {

    /**
     * Default {@code maxAttempts}: unlimited ({@link Integer#MAX_VALUE}): {@code deliveryTimeout} bounds a batch's
     * retries in time, which rides out a broker failure however long its detection and the leader election take.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = Integer.MAX_VALUE;
    /**
     * Default {@code deliveryTimeout}: 2 min, as kafka-clients' {@code delivery.timeout.ms}. A message not written
     * by then fails with a {@link KafkaTimeoutException}; a synchronous write never waits longer.
     */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    /** Default {@code writeBackoffMin}: 100 ms. */
    public static final Duration DEFAULT_WRITE_BACKOFF_MIN = Duration.ofMillis(100);
    /** Default {@code writeBackoffMax}: 1 s. */
    public static final Duration DEFAULT_WRITE_BACKOFF_MAX = Duration.ofSeconds(1);
    /**
     * Default {@code batchSize}: {@value} messages. The byte limit usually binds first; the count
     * only keeps batches of tiny messages from growing without end.
     */
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    /** Default {@code batchBytes}: {@value} (1 MiB), the broker's default {@code message.max.bytes} range. */
    public static final int DEFAULT_BATCH_BYTES = 1_048_576;
    /**
     * Default {@code batchTimeout}: zero. A batch is sent as soon as a request slot is free, so a
     * lone synchronous write returns in milliseconds; under load, messages that arrive while
     * requests are in flight still gather into batches (kafka-go's one-second linger is the
     * complaint this avoids).
     */
    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ZERO;
    /** Default {@code readTimeout}: 10 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code writeTimeout}: 10 s. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code requiredAcks}: {@link RequiredAcks#ALL}. */
    public static final RequiredAcks DEFAULT_REQUIRED_ACKS = RequiredAcks.ALL;
    /** Default {@code async}: false, so errors surface from {@code writeMessages}. */
    public static final boolean DEFAULT_ASYNC = false;
    /** Default {@code compression}: {@link Compression#NONE}. */
    public static final Compression DEFAULT_COMPRESSION = Compression.NONE;
    /** Default {@code allowAutoTopicCreation}: false, so a typo in a topic name is an error. */
    public static final boolean DEFAULT_ALLOW_AUTO_TOPIC_CREATION = false;
    /**
     * Default {@code idempotent}: true when {@code requiredAcks} is {@link RequiredAcks#ALL} (the
     * broker needs that to de-duplicate), otherwise false. Asking for it explicitly with other
     * acks is an error.
     */
    public static final boolean DEFAULT_IDEMPOTENT = true;
    /** Default {@code maxInFlightRequestsPerBroker}: {@value}; idempotence allows at most 5. */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_BROKER = 5;
    /** Highest {@code maxInFlightRequestsPerBroker} idempotence keeps ordered: {@value}. */
    public static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;
    /** Default {@code bufferedBytesLimit}: {@value} (32 MiB). */
    public static final long DEFAULT_BUFFERED_BYTES_LIMIT = 32L * 1024 * 1024;
    /** Default {@code metadataMaxAge}: 5 min. */
    public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofMinutes(5);
    /** Default {@code closeTimeout}: 30 s. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code transactionTimeout}: 60 s, as kafka-clients' {@code transaction.timeout.ms}. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

    /** Validates every setting; see {@link Builder#build()}. */
    public WriterConfig {
        brokers = ConfigChecks.brokers("WriterConfig.brokers", brokers);
        ConfigChecks.required("WriterConfig.dialer", dialer);
        ConfigChecks.optionalName("WriterConfig.topic", topic);
        ConfigChecks.required("WriterConfig.balancer", balancer);
        ConfigChecks.atLeast("WriterConfig.maxAttempts", maxAttempts, 1);
        ConfigChecks.positive("WriterConfig.deliveryTimeout", deliveryTimeout);
        ConfigChecks.positive("WriterConfig.writeBackoffMin", writeBackoffMin);
        ConfigChecks.positive("WriterConfig.writeBackoffMax", writeBackoffMax);
        ConfigChecks.check(writeBackoffMin.compareTo(writeBackoffMax) <= 0,
                "WriterConfig.writeBackoffMin: must not exceed writeBackoffMax (" + writeBackoffMin + " > " + writeBackoffMax + ")");
        ConfigChecks.atLeast("WriterConfig.batchSize", batchSize, 1);
        ConfigChecks.atLeast("WriterConfig.batchBytes", batchBytes, 1);
        ConfigChecks.notNegative("WriterConfig.batchTimeout", batchTimeout);
        ConfigChecks.positive("WriterConfig.readTimeout", readTimeout);
        ConfigChecks.positive("WriterConfig.writeTimeout", writeTimeout);
        ConfigChecks.required("WriterConfig.requiredAcks", requiredAcks);
        ConfigChecks.required("WriterConfig.compression", compression);
        ConfigChecks.check(!idempotent || requiredAcks == RequiredAcks.ALL,
                "WriterConfig.idempotent: requires requiredAcks ALL, got " + requiredAcks
                        + " (leave idempotent unset to turn it off with weaker acks)");
        ConfigChecks.atLeast("WriterConfig.maxInFlightRequestsPerBroker", maxInFlightRequestsPerBroker, 1);
        ConfigChecks.check(!idempotent || maxInFlightRequestsPerBroker <= MAX_IDEMPOTENT_IN_FLIGHT,
                "WriterConfig.maxInFlightRequestsPerBroker: at most " + MAX_IDEMPOTENT_IN_FLIGHT
                        + " with idempotence (the broker tracks 5 batches per partition), got " + maxInFlightRequestsPerBroker);
        ConfigChecks.check(bufferedBytesLimit >= batchBytes,
                "WriterConfig.bufferedBytesLimit: must be at least batchBytes (" + batchBytes + "), got " + bufferedBytesLimit);
        ConfigChecks.positive("WriterConfig.metadataMaxAge", metadataMaxAge);
        ConfigChecks.notNegative("WriterConfig.closeTimeout", closeTimeout);
        ConfigChecks.optionalName("WriterConfig.transactionalId", transactionalId);
        ConfigChecks.check(transactionalId == null || idempotent,
                "WriterConfig.transactionalId: a transactional Writer is idempotent (acks ALL), but idempotent is false"
                        + " (requiredAcks " + requiredAcks + ")");
        ConfigChecks.positive("WriterConfig.transactionTimeout", transactionTimeout);
        ConfigChecks.check(transactionTimeout.toMillis() <= Integer.MAX_VALUE,
                "WriterConfig.transactionTimeout: at most " + Integer.MAX_VALUE + " ms, got " + transactionTimeout);
    }

    /** Whether the Writer writes in transactions. */
    public boolean transactional() {
        return transactionalId != null;
    }

    /** A builder with every setting at its default; {@code brokers} must still be given. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this config's settings. An {@code idempotent} that merely follows
     * {@code requiredAcks} stays automatic, so changing the acks on the copy keeps it consistent.
     */
    public Builder toBuilder() {
        Builder builder = new Builder().brokers(brokers).dialer(dialer).topic(topic).balancer(balancer)
                .maxAttempts(maxAttempts)
                .deliveryTimeout(deliveryTimeout).writeBackoffMin(writeBackoffMin).writeBackoffMax(writeBackoffMax)
                .batchSize(batchSize).batchBytes(batchBytes).batchTimeout(batchTimeout).readTimeout(readTimeout).writeTimeout(writeTimeout)
                .requiredAcks(requiredAcks).async(async).completion(completion).interceptor(interceptor)
                .compression(compression)
                .allowAutoTopicCreation(allowAutoTopicCreation)
                .maxInFlightRequestsPerBroker(maxInFlightRequestsPerBroker).bufferedBytesLimit(bufferedBytesLimit)
                .metadataMaxAge(metadataMaxAge).closeTimeout(closeTimeout).transactionalId(transactionalId)
                .transactionTimeout(transactionTimeout).transactionBinding(transactionBinding);
        if (idempotent != (requiredAcks == RequiredAcks.ALL)) {
            builder.idempotent(idempotent);
        }
        return builder;
    }

    /** Collects settings for a {@link WriterConfig}; not thread-safe. {@code brokers} has no default. */
    public static final class Builder extends ClusterConnectionBuilder<Builder> {
        private String topic;
        private Balancer balancer;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
        private Duration writeBackoffMin = DEFAULT_WRITE_BACKOFF_MIN;
        private Duration writeBackoffMax = DEFAULT_WRITE_BACKOFF_MAX;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int batchBytes = DEFAULT_BATCH_BYTES;
        private Duration batchTimeout = DEFAULT_BATCH_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private RequiredAcks requiredAcks = DEFAULT_REQUIRED_ACKS;
        private boolean async = DEFAULT_ASYNC;
        private WriteCompletion completion;
        private WriteInterceptor interceptor;
        private Compression compression = DEFAULT_COMPRESSION;
        private boolean allowAutoTopicCreation = DEFAULT_ALLOW_AUTO_TOPIC_CREATION;
        private Boolean idempotent;
        private int maxInFlightRequestsPerBroker = DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_BROKER;
        private long bufferedBytesLimit = DEFAULT_BUFFERED_BYTES_LIMIT;
        private String transactionalId;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private TransactionBinding transactionBinding;
        private Duration metadataMaxAge = DEFAULT_METADATA_MAX_AGE;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {
            super(null);
        }



        /** Topic for all messages; null (the default) takes each message's topic. */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Partition chooser; null (the default) means a new {@link Murmur2Balancer}. */
        public Builder balancer(Balancer balancer) {
            this.balancer = balancer;
            return this;
        }

        /** Attempts per batch; default {@link #DEFAULT_MAX_ATTEMPTS}. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Time from hand-over to success or failure, retries included; default {@link #DEFAULT_DELIVERY_TIMEOUT}. */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
            return this;
        }

        /** First retry pause; default {@link #DEFAULT_WRITE_BACKOFF_MIN}. */
        public Builder writeBackoffMin(Duration writeBackoffMin) {
            this.writeBackoffMin = writeBackoffMin;
            return this;
        }

        /** Longest retry pause; default {@link #DEFAULT_WRITE_BACKOFF_MAX}. */
        public Builder writeBackoffMax(Duration writeBackoffMax) {
            this.writeBackoffMax = writeBackoffMax;
            return this;
        }

        /** Most messages per batch; default {@link #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Most bytes per batch; default {@link #DEFAULT_BATCH_BYTES}. */
        public Builder batchBytes(int batchBytes) {
            this.batchBytes = batchBytes;
            return this;
        }

        /** Linger before sending a batch that is not full; default {@link #DEFAULT_BATCH_TIMEOUT}. */
        public Builder batchTimeout(Duration batchTimeout) {
            this.batchTimeout = batchTimeout;
            return this;
        }

        /** Wait for a response; default {@link #DEFAULT_READ_TIMEOUT}. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** Time to send a request; default {@link #DEFAULT_WRITE_TIMEOUT}. */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        /** Acknowledgements required; default {@link #DEFAULT_REQUIRED_ACKS}. */
        public Builder requiredAcks(RequiredAcks requiredAcks) {
            this.requiredAcks = requiredAcks;
            return this;
        }

        /** Fire-and-forget writes; default {@link #DEFAULT_ASYNC}. */
        public Builder async(boolean async) {
            this.async = async;
            return this;
        }

        /** Outcome callback; default none. */
        public Builder completion(WriteCompletion completion) {
            this.completion = completion;
            return this;
        }

        /** Sees each write call first (tracing, headers); default none. */
        public Builder interceptor(WriteInterceptor interceptor) {
            this.interceptor = interceptor;
            return this;
        }

        /** Batch compression; default {@link #DEFAULT_COMPRESSION}. */
        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        /** Let brokers create missing topics; default {@link #DEFAULT_ALLOW_AUTO_TOPIC_CREATION}. */
        public Builder allowAutoTopicCreation(boolean allowAutoTopicCreation) {
            this.allowAutoTopicCreation = allowAutoTopicCreation;
            return this;
        }

        /** Idempotent writes; by default on exactly when acks are ALL (see {@link #DEFAULT_IDEMPOTENT}). */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** Concurrent requests per broker; default {@link #DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_BROKER}. */
        public Builder maxInFlightRequestsPerBroker(int maxInFlightRequestsPerBroker) {
            this.maxInFlightRequestsPerBroker = maxInFlightRequestsPerBroker;
            return this;
        }

        /** Unsent bytes before writes block; default {@link #DEFAULT_BUFFERED_BYTES_LIMIT}. */
        public Builder bufferedBytesLimit(long bufferedBytesLimit) {
            this.bufferedBytesLimit = bufferedBytesLimit;
            return this;
        }



        /** Metadata refresh period; default {@link #DEFAULT_METADATA_MAX_AGE}. */
        public Builder metadataMaxAge(Duration metadataMaxAge) {
            this.metadataMaxAge = metadataMaxAge;
            return this;
        }

        /** Flush time allowed on close; default {@link #DEFAULT_CLOSE_TIMEOUT}. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Makes the Writer transactional under this id; null (default) for none. One id belongs to one producer at a
         * time: a Writer starting with an id fences the previous owner, whose next transactional call fails with
         * {@link KafkaFencedException}. Keep the id stable across restarts of the same logical producer.
         */
        public Builder transactionalId(String transactionalId) {
            this.transactionalId = transactionalId;
            return this;
        }

        /** How long a transaction may stay open; default {@link #DEFAULT_TRANSACTION_TIMEOUT}. */
        public Builder transactionTimeout(Duration transactionTimeout) {
            this.transactionTimeout = transactionTimeout;
            return this;
        }

        /**
         * Lets writes made on a thread working in another Writer's transaction join that transaction; default none.
         * For frameworks that give each consumer thread its own transactional producer (see {@link TransactionBinding}).
         */
        public Builder transactionBinding(TransactionBinding transactionBinding) {
            this.transactionBinding = transactionBinding;
            return this;
        }


        /**
         * Validates and builds.
         *
         * @throws KafkaConfigException naming the setting when brokers are missing or malformed,
         *                              a number or duration is out of range, the backoff bounds are
         *                              reversed, or idempotence is asked for with acks other than ALL
         *                              or more than 5 requests in flight
         */
        public WriterConfig build() {
            boolean resolvedIdempotent = idempotent != null ? idempotent : requiredAcks == RequiredAcks.ALL;
            return new WriterConfig(bootstrapBrokers(), buildDialer(), topic,
                    balancer != null ? balancer : new Murmur2Balancer(), maxAttempts, deliveryTimeout, writeBackoffMin,
                    writeBackoffMax, batchSize, batchBytes, batchTimeout, readTimeout, writeTimeout, requiredAcks, async,
                    completion, interceptor, compression, allowAutoTopicCreation, resolvedIdempotent,
                    maxInFlightRequestsPerBroker, bufferedBytesLimit, metadataMaxAge, closeTimeout, transactionalId,
                    transactionTimeout, transactionBinding);
        }
    }
}
