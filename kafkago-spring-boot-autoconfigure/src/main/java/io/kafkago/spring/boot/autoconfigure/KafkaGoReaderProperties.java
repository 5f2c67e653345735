package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Dialer;
import io.kafkago.GroupProtocol;
import io.kafkago.IsolationLevel;
import io.kafkago.ReaderConfig;
import io.kafkago.spring.listener.StartOffset;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The {@code kafkago.reader.*} properties, for the ReaderConfig bean and the readers behind listeners;
 * defaults are {@code ReaderConfig.DEFAULT_*}.
 */
public class KafkaGoReaderProperties {

    /** Topic of the ReaderConfig bean; the bean exists only when this is set (listeners name their own topics). */
    private String topic;

    /** Consumer group to join; listeners without a groupId of their own use it. */
    private String groupId;

    /** Static membership id (KIP-345) of the ReaderConfig bean's member. */
    private String groupInstanceId;

    /** Where a group with no committed offset starts: first (oldest message) or last (only new messages). */
    private StartOffset startOffset = StartOffset.ofReaderOffset(ReaderConfig.DEFAULT_START_OFFSET);

    /** Bytes a fetch waits for (up to max-wait) before the broker answers. */
    private DataSize minBytes = DataSize.ofBytes(ReaderConfig.DEFAULT_MIN_BYTES);

    /** Most bytes one fetch returns (a larger first batch still comes whole). */
    private DataSize maxBytes = DataSize.ofBytes(ReaderConfig.DEFAULT_MAX_BYTES);

    /** Longest time the broker holds a fetch waiting for min-bytes. */
    private Duration maxWait = ReaderConfig.DEFAULT_MAX_WAIT;

    /** Messages fetched ahead of the application; fetching pauses when this many wait. */
    private int queueCapacity = ReaderConfig.DEFAULT_QUEUE_CAPACITY;

    /**
     * Bytes (keys, values, headers) of messages fetched ahead of the application; fetching pauses while this many
     * wait.
     */
    private DataSize queueCapacityBytes = DataSize.ofBytes(ReaderConfig.DEFAULT_QUEUE_CAPACITY_BYTES);

    /** Most bytes one fetched record batch may decompress to; a larger one is reported as a corrupt batch. */
    private DataSize maxDecompressedBatchBytes = DataSize.ofBytes(ReaderConfig.DEFAULT_MAX_DECOMPRESSED_BATCH_BYTES);

    /**
     * Zero commits synchronously (listeners: once per group of messages fetched together); otherwise commits are
     * gathered and sent this often, and when partitions are revoked or the reader closes. For listeners a
     * non-zero interval is fastest and, after a rebalance, redelivers only the message in hand.
     */
    private Duration commitInterval = ReaderConfig.DEFAULT_COMMIT_INTERVAL;

    /** How long the coordinator waits for heartbeats before removing a member. */
    private Duration sessionTimeout = ReaderConfig.DEFAULT_SESSION_TIMEOUT;

    /** How often a member tells the coordinator it is alive; shorter than session-timeout. */
    private Duration heartbeatInterval = ReaderConfig.DEFAULT_HEARTBEAT_INTERVAL;

    /** How long the coordinator waits for members to rejoin during a rebalance. */
    private Duration rebalanceTimeout = ReaderConfig.DEFAULT_REBALANCE_TIMEOUT;

    /** Whether records of aborted or open transactions are hidden (read-committed) or shown (read-uncommitted). */
    private IsolationLevel isolationLevel = ReaderConfig.DEFAULT_ISOLATION_LEVEL;

    /**
     * Longest time a commit or an offset lookup may take, retries of errors a retry may fix (a coordinator loading or
     * moving) included, before it fails.
     */
    private Duration operationTimeout = ReaderConfig.DEFAULT_OPERATION_TIMEOUT;

    /** How long to wait for a broker response beyond a fetch's max-wait. */
    private Duration requestTimeout = Dialer.DEFAULT_REQUEST_TIMEOUT;

    /**
     * This reader's rack, sent in group subscriptions for rack-aware assignment and in fetches, so that brokers with
     * a rack-aware replica selector serve it from a replica in the same rack (KIP-392).
     */
    private String rackId;

    /**
     * How the group assigns partitions: "classic" (JoinGroup; a member computes the assignment and every rebalance
     * stops all members) or "consumer" (KIP-848, Kafka 4.0+: the coordinator assigns and moves partitions one member
     * at a time, so members that keep theirs go on reading).
     */
    private GroupProtocol groupProtocol = ReaderConfig.DEFAULT_GROUP_PROTOCOL;

    /**
     * With the consumer group protocol, the coordinator's assignor ("uniform" or "range"); unset means the broker's
     * default (group.consumer.assignors).
     */
    private String groupRemoteAssignor;

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getGroupInstanceId() {
        return groupInstanceId;
    }

    public void setGroupInstanceId(String groupInstanceId) {
        this.groupInstanceId = groupInstanceId;
    }

    public StartOffset getStartOffset() {
        return startOffset;
    }

    public void setStartOffset(StartOffset startOffset) {
        this.startOffset = startOffset;
    }

    public DataSize getMinBytes() {
        return minBytes;
    }

    public void setMinBytes(DataSize minBytes) {
        this.minBytes = minBytes;
    }

    public DataSize getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(DataSize maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Duration getMaxWait() {
        return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public DataSize getQueueCapacityBytes() {
        return queueCapacityBytes;
    }

    public void setQueueCapacityBytes(DataSize queueCapacityBytes) {
        this.queueCapacityBytes = queueCapacityBytes;
    }

    public DataSize getMaxDecompressedBatchBytes() {
        return maxDecompressedBatchBytes;
    }

    public void setMaxDecompressedBatchBytes(DataSize maxDecompressedBatchBytes) {
        this.maxDecompressedBatchBytes = maxDecompressedBatchBytes;
    }

    public Duration getCommitInterval() {
        return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getRebalanceTimeout() {
        return rebalanceTimeout;
    }

    public void setRebalanceTimeout(Duration rebalanceTimeout) {
        this.rebalanceTimeout = rebalanceTimeout;
    }

    public IsolationLevel getIsolationLevel() {
        return isolationLevel;
    }

    public void setIsolationLevel(IsolationLevel isolationLevel) {
        this.isolationLevel = isolationLevel;
    }

    public Duration getOperationTimeout() {
        return operationTimeout;
    }

    public void setOperationTimeout(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getRackId() {
        return rackId;
    }

    public void setRackId(String rackId) {
        this.rackId = rackId;
    }

    public GroupProtocol getGroupProtocol() {
        return groupProtocol;
    }

    public void setGroupProtocol(GroupProtocol groupProtocol) {
        this.groupProtocol = groupProtocol;
    }

    public String getGroupRemoteAssignor() {
        return groupRemoteAssignor;
    }

    public void setGroupRemoteAssignor(String groupRemoteAssignor) {
        this.groupRemoteAssignor = groupRemoteAssignor;
    }
}
