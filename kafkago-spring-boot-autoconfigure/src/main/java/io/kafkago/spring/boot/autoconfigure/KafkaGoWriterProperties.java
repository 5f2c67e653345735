package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Compression;
import io.kafkago.RequiredAcks;
import io.kafkago.WriterConfig;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** The {@code kafkago.writer.*} properties; defaults are {@code WriterConfig.DEFAULT_*}. */
public class KafkaGoWriterProperties {

    /** Topic for every message; unset means each message names its own topic. */
    private String topic;

    /** How messages without a partition are spread over partitions. */
    private BalancerType balancer = BalancerType.MURMUR2;

    /** Most messages in one partition's batch. */
    private int batchSize = WriterConfig.DEFAULT_BATCH_SIZE;

    /** Most bytes in one partition's batch; a larger message is rejected. */
    private DataSize batchBytes = DataSize.ofBytes(WriterConfig.DEFAULT_BATCH_BYTES);

    /** How long a batch that is not full may wait for more messages; zero sends as soon as a request slot is free. */
    private Duration batchTimeout = WriterConfig.DEFAULT_BATCH_TIMEOUT;

    /** Replicas that must acknowledge a write: none, one or all. */
    private RequiredAcks requiredAcks = WriterConfig.DEFAULT_REQUIRED_ACKS;

    /** Whether writeMessages returns before the brokers acknowledged; errors then go to the log and the stats. */
    private boolean async = WriterConfig.DEFAULT_ASYNC;

    /** Codec for record batches: none, gzip, snappy, lz4 or zstd. */
    private Compression compression = WriterConfig.DEFAULT_COMPRESSION;

    /**
     * Attempts per batch before its messages fail, within delivery-timeout; the default, 2147483647, means
     * unlimited, so that delivery-timeout alone bounds retries.
     */
    private int maxAttempts = WriterConfig.DEFAULT_MAX_ATTEMPTS;

    /**
     * Longest time from handing a message to the writer to its success or failure, retries included; a
     * synchronous write never waits longer. Also bounds each dead-letter write of listeners.
     */
    private Duration deliveryTimeout = WriterConfig.DEFAULT_DELIVERY_TIMEOUT;

    /** First pause before retrying a batch; doubles per attempt. */
    private Duration writeBackoffMin = WriterConfig.DEFAULT_WRITE_BACKOFF_MIN;

    /** Longest pause before retrying a batch. */
    private Duration writeBackoffMax = WriterConfig.DEFAULT_WRITE_BACKOFF_MAX;

    /** Whether brokers de-duplicate retried batches; unset means on exactly when required-acks is all. */
    private Boolean idempotent;

    /** How long closing the writer (at shutdown) may take to flush pending messages. */
    private Duration closeTimeout = WriterConfig.DEFAULT_CLOSE_TIMEOUT;

    /**
     * Whether each write call of the auto-configured Writers is a kafkago.writer.send observation that adds the
     * trace propagation headers to the messages (needs an ObservationRegistry); false writes without observing.
     */
    private boolean observationEnabled = true;

    /** How long to wait for a broker's response. */
    private Duration readTimeout = WriterConfig.DEFAULT_READ_TIMEOUT;

    /** How long sending a request may take. */
    private Duration writeTimeout = WriterConfig.DEFAULT_WRITE_TIMEOUT;

    /** Whether writing to a missing topic asks the broker to create it. */
    private boolean allowAutoTopicCreation = WriterConfig.DEFAULT_ALLOW_AUTO_TOPIC_CREATION;

    /** Produce requests sent to one broker before answers arrive (at most 5 with idempotence). */
    private int maxInFlightRequestsPerBroker = WriterConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_BROKER;

    /** Bytes of unacknowledged messages the writer holds before writes block. */
    private DataSize bufferedBytesLimit = DataSize.ofBytes(WriterConfig.DEFAULT_BUFFERED_BYTES_LIMIT);

    /** How often partition metadata is refreshed when nothing forced it. */
    private Duration metadataMaxAge = WriterConfig.DEFAULT_METADATA_MAX_AGE;

    /**
     * Makes the Writer bean transactional, with transactional id prefix + transaction-instance-id, and adds a
     * KafkaGoTransactionManager so that @Transactional methods write in Kafka transactions; the Writer then writes
     * inside transactions only. Unset (default): not transactional.
     */
    private String transactionIdPrefix;

    /**
     * The part of the transactional id that tells application instances apart; two instances with the same one fence
     * each other. Unset means host name and process id, unique per running instance; set a stable one (a pod name of a
     * StatefulSet, say) so that a restarted instance fences its predecessor's zombie.
     */
    private String transactionInstanceId;

    /** How long the coordinator lets a transaction stay open before it aborts it. */
    private Duration transactionTimeout = WriterConfig.DEFAULT_TRANSACTION_TIMEOUT;

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public BalancerType getBalancer() {
        return balancer;
    }

    public void setBalancer(BalancerType balancer) {
        this.balancer = balancer;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public DataSize getBatchBytes() {
        return batchBytes;
    }

    public void setBatchBytes(DataSize batchBytes) {
        this.batchBytes = batchBytes;
    }

    public Duration getBatchTimeout() {
        return batchTimeout;
    }

    public void setBatchTimeout(Duration batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public RequiredAcks getRequiredAcks() {
        return requiredAcks;
    }

    public void setRequiredAcks(RequiredAcks requiredAcks) {
        this.requiredAcks = requiredAcks;
    }

    public boolean isAsync() {
        return async;
    }

    public void setAsync(boolean async) {
        this.async = async;
    }

    public Compression getCompression() {
        return compression;
    }

    public void setCompression(Compression compression) {
        this.compression = compression;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getDeliveryTimeout() {
        return deliveryTimeout;
    }

    public void setDeliveryTimeout(Duration deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    public Duration getWriteBackoffMin() {
        return writeBackoffMin;
    }

    public void setWriteBackoffMin(Duration writeBackoffMin) {
        this.writeBackoffMin = writeBackoffMin;
    }

    public Duration getWriteBackoffMax() {
        return writeBackoffMax;
    }

    public void setWriteBackoffMax(Duration writeBackoffMax) {
        this.writeBackoffMax = writeBackoffMax;
    }

    public Boolean getIdempotent() {
        return idempotent;
    }

    public void setIdempotent(Boolean idempotent) {
        this.idempotent = idempotent;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    public boolean isAllowAutoTopicCreation() {
        return allowAutoTopicCreation;
    }

    public void setAllowAutoTopicCreation(boolean allowAutoTopicCreation) {
        this.allowAutoTopicCreation = allowAutoTopicCreation;
    }

    public int getMaxInFlightRequestsPerBroker() {
        return maxInFlightRequestsPerBroker;
    }

    public void setMaxInFlightRequestsPerBroker(int maxInFlightRequestsPerBroker) {
        this.maxInFlightRequestsPerBroker = maxInFlightRequestsPerBroker;
    }

    public DataSize getBufferedBytesLimit() {
        return bufferedBytesLimit;
    }

    public void setBufferedBytesLimit(DataSize bufferedBytesLimit) {
        this.bufferedBytesLimit = bufferedBytesLimit;
    }

    public Duration getMetadataMaxAge() {
        return metadataMaxAge;
    }

    public void setMetadataMaxAge(Duration metadataMaxAge) {
        this.metadataMaxAge = metadataMaxAge;
    }

    public boolean isObservationEnabled() {
        return observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

    public String getTransactionIdPrefix() {
        return transactionIdPrefix;
    }

    public void setTransactionIdPrefix(String transactionIdPrefix) {
        this.transactionIdPrefix = transactionIdPrefix;
    }

    public String getTransactionInstanceId() {
        return transactionInstanceId;
    }

    public void setTransactionInstanceId(String transactionInstanceId) {
        this.transactionInstanceId = transactionInstanceId;
    }

    public Duration getTransactionTimeout() {
        return transactionTimeout;
    }

    public void setTransactionTimeout(Duration transactionTimeout) {
        this.transactionTimeout = transactionTimeout;
    }
}
