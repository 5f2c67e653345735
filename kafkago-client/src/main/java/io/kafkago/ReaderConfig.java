package io.kafkago;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of a {@code Reader}. Without {@code groupId} the reader consumes one partition of
 * {@code topic} from an offset the application controls; with {@code groupId} it joins that
 * consumer group for {@code topic} (or several {@code groupTopics}), gets partitions assigned
 * and commits offsets. Immutable; make one with {@link #builder()}, change a copy with
 * {@link #toBuilder()}. Each default is a {@code DEFAULT_*} constant.
 *
 * @param brokers                bootstrap broker addresses ({@code host:port}), at least one
 * @param dialer                 client id, TLS, SASL and time limits of every broker connection; its
 *                               {@code requestTimeout} is how long to wait for an answer beyond a fetch's
 *                               {@code maxWait}
 * @param topic                  the topic (partition mode, or a group consuming one topic)
 * @param groupTopics            topics a group member subscribes to, instead of {@code topic}
 * @param partition              partition read in partition mode; must stay 0 with a group
 * @param groupId                consumer group, or null for partition mode
 * @param groupInstanceId        static membership id (KIP-345), or null
 * @param minBytes               bytes a fetch waits for (up to {@code maxWait}) before the broker answers
 * @param maxBytes               most bytes one fetch returns (a larger first batch still comes whole)
 * @param maxWait                longest time the broker holds a fetch waiting for {@code minBytes}
 * @param queueCapacity          messages fetched ahead of the application; fetching pauses when full
 * @param queueCapacityBytes     bytes of messages (keys, values, headers) fetched ahead of the application;
 *                               fetching pauses while this many are queued
 * @param maxDecompressedBatchBytes most bytes one fetched record batch may decompress to; a larger one is
 *                               reported as a {@link KafkaCorruptRecordException}
 * @param startOffset            where to start without a committed offset: {@link #FIRST_OFFSET} or {@link #LAST_OFFSET}
 * @param offsetOutOfRangePolicy what to do when the offset is outside the partition
 * @param commitInterval         zero commits synchronously on every commit call; otherwise commits are
 *                               gathered and flushed this often (and on close and rebalance)
 * @param heartbeatInterval      how often a member tells the coordinator it is alive (the consumer protocol uses the
 *                               broker's interval once joined)
 * @param sessionTimeout         how long the coordinator waits for heartbeats before removing a member (the consumer
 *                               protocol's is the broker's; the member gives its partitions up after this long
 *                               without an acknowledged heartbeat)
 * @param rebalanceTimeout       how long the coordinator waits for members to rejoin during a rebalance
 * @param joinGroupBackoff       pause before joining again after a failed join
 * @param watchPartitionChanges  whether the group leader rebalances when partitions are added
 * @param partitionWatchInterval how often the leader checks partition counts
 * @param groupBalancers         assignment strategies offered when joining the classic protocol, in preference
 *                               order; when all are cooperative ({@link CooperativeStickyGroupBalancer}) rebalances
 *                               move only the partitions that change owner
 * @param isolationLevel         whether records of aborted or open transactions are visible
 * @param readBackoffMin         first pause after a failed fetch; doubles per failure
 * @param readBackoffMax         longest pause after a failed fetch
 * @param operationTimeout       longest time a commit or an offset lookup may take, retries of retriable errors
 *                               included, before it fails with a {@link KafkaTimeoutException}
 * @param rackId                 this reader's rack, sent in group subscriptions and fetches (the leader may then
 *                               send the reader to a replica in its rack, KIP-392), or null
 * @param onPartitionsAssigned   told the partitions a rebalance assigned
 * @param onPartitionsRevoked    told the partitions about to be taken away
 * @param groupProtocol          how the group assigns partitions: {@link GroupProtocol#CLASSIC} (JoinGroup, a
 *                               member's {@code groupBalancers}) or {@link GroupProtocol#CONSUMER} (KIP-848)
 * @param groupRemoteAssignor    with the consumer protocol, the coordinator's assignor ({@code "uniform"},
 *                               {@code "range"}), or null for the broker's default
 * @param groupTopicPattern      with the consumer protocol, a regular expression (RE2/J syntax, matched by the
 *                               coordinator) choosing the subscribed topics instead of {@code topic} or
 *                               {@code groupTopics}; topics created later that match join the subscription
 * @param partitions             without a group, the partitions read (explicit assignment, as kafka-clients'
 *                               {@code assign}) instead of {@code topic}'s one {@code partition}; empty otherwise
 * @param onPartitionsLost       told the partitions a member lost without giving them up (it was fenced, or lost
 *                               the coordinator for a whole session): another member may own them already, so
 *                               nothing was committed for them; null (the default) tells {@code onPartitionsRevoked}
 *                               instead, as kafka-clients does
 */
public record ReaderConfig(
        List<String> brokers,
        Dialer dialer,
        String topic,
        List<String> groupTopics,
        int partition,
        String groupId,
        String groupInstanceId,
        int minBytes,
        int maxBytes,
        Duration maxWait,
        int queueCapacity,
        long queueCapacityBytes,
        int maxDecompressedBatchBytes,
        long startOffset,
        OffsetOutOfRangePolicy offsetOutOfRangePolicy,
        Duration commitInterval,
        Duration heartbeatInterval,
        Duration sessionTimeout,
        Duration rebalanceTimeout,
        Duration joinGroupBackoff,
        boolean watchPartitionChanges,
        Duration partitionWatchInterval,
        List<GroupBalancer> groupBalancers,
        IsolationLevel isolationLevel,
        Duration readBackoffMin,
        Duration readBackoffMax,
        Duration operationTimeout,
        String rackId,
        PartitionsListener onPartitionsAssigned,
        PartitionsListener onPartitionsRevoked,
        GroupProtocol groupProtocol,
        String groupRemoteAssignor,
        String groupTopicPattern,
        List<TopicPartition> partitions,
        PartitionsListener onPartitionsLost) {

    /** Start at the first offset still in the partition (Kafka's "earliest"). */
    public static final long FIRST_OFFSET = -2;
    /** Start at the end of the partition, reading only new messages (Kafka's "latest"). */
    public static final long LAST_OFFSET = -1;

    /** Default {@code partition}: {@value}. */
    public static final int DEFAULT_PARTITION = 0;
    /** Default {@code minBytes}: {@value}, so a fetch answers as soon as anything is there. */
    public static final int DEFAULT_MIN_BYTES = 1;
    /** Default {@code maxBytes}: {@value} (1 MiB), the Java client's per-partition fetch size. */
    public static final int DEFAULT_MAX_BYTES = 1_048_576;
    /**
     * Default {@code maxWait}: 500 ms, as in the Java client (kafka-go uses 10 s): an idle reader
     * asks twice a second, and close and rebalances never wait long for an open fetch.
     */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(500);
    /** Default {@code queueCapacity}: {@value} messages. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    /**
     * Default {@code queueCapacityBytes}: 32 MiB, like the Writer's {@link WriterConfig#DEFAULT_BUFFERED_BYTES_LIMIT}
     * and kafka-clients' {@code buffer.memory}. Together with {@code queueCapacity} it bounds a reader's heap: at most
     * this many bytes of messages wait, plus what the fetch loop holds while it waits for room (one response of about
     * {@code maxBytes}, the messages decoded from about {@code maxBytes} of it, and one decompressed batch).
     */
    public static final long DEFAULT_QUEUE_CAPACITY_BYTES = 32L * 1024 * 1024;
    /**
     * Default {@code maxDecompressedBatchBytes}: 64 MiB, 64 times the brokers' default {@code message.max.bytes} (about
     * 1 MiB, which bounds a compressed batch): room for data that compresses well, while a compression bomb fails
     * instead of exhausting the heap.
     */
    public static final int DEFAULT_MAX_DECOMPRESSED_BATCH_BYTES = 64 * 1024 * 1024;
    /** Default {@code startOffset}: {@link #FIRST_OFFSET}, as in kafka-go: nothing is skipped. */
    public static final long DEFAULT_START_OFFSET = FIRST_OFFSET;
    /** Default {@code offsetOutOfRangePolicy}: {@link OffsetOutOfRangePolicy#RESET_TO_START_OFFSET}. */
    public static final OffsetOutOfRangePolicy DEFAULT_OFFSET_OUT_OF_RANGE_POLICY = OffsetOutOfRangePolicy.RESET_TO_START_OFFSET;
    /** Default {@code commitInterval}: zero, synchronous commits. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ZERO;
    /** Default {@code heartbeatInterval}: 3 s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    /** Default {@code sessionTimeout}: 45 s, as in the Java client since Kafka 3.0. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** Default {@code rebalanceTimeout}: 60 s. */
    public static final Duration DEFAULT_REBALANCE_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@code joinGroupBackoff}: 5 s, as in kafka-go. */
    public static final Duration DEFAULT_JOIN_GROUP_BACKOFF = Duration.ofSeconds(5);
    /** Default {@code watchPartitionChanges}: true, so new partitions get consumed. */
    public static final boolean DEFAULT_WATCH_PARTITION_CHANGES = true;
    /** Default {@code partitionWatchInterval}: 5 s. */
    public static final Duration DEFAULT_PARTITION_WATCH_INTERVAL = Duration.ofSeconds(5);
    /**
     * Default {@code isolationLevel}: {@link IsolationLevel#READ_COMMITTED}. Records of aborted
     * transactions are never handed out; without transactions it reads exactly what
     * READ_UNCOMMITTED reads (the Java client and kafka-go default to READ_UNCOMMITTED).
     */
    public static final IsolationLevel DEFAULT_ISOLATION_LEVEL = IsolationLevel.READ_COMMITTED;
    /** Default {@code readBackoffMin}: 100 ms. */
    public static final Duration DEFAULT_READ_BACKOFF_MIN = Duration.ofMillis(100);
    /** Default {@code readBackoffMax}: 1 s. */
    public static final Duration DEFAULT_READ_BACKOFF_MAX = Duration.ofSeconds(1);
    /** Default {@code groupProtocol}: {@link GroupProtocol#CLASSIC}, as kafka-clients; every broker has it. */
    public static final GroupProtocol DEFAULT_GROUP_PROTOCOL = GroupProtocol.CLASSIC;
    /**
     * Default {@code operationTimeout}: 60 s, as kafka-clients' {@code default.api.timeout.ms} (which bounds its
     * {@code commitSync}): long enough to ride out a coordinator failover or a rolling restart.
     */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);

    /** The default {@code groupBalancers}: range first, then round robin, as kafka-go offers them. */
    public static List<GroupBalancer> defaultGroupBalancers() {
        return List.of(new RangeGroupBalancer(), new RoundRobinGroupBalancer());
    }

    /** Validates every setting; see {@link Builder#build()}. */
    public ReaderConfig {
        brokers = ConfigChecks.brokers("ReaderConfig.brokers", brokers);
        ConfigChecks.required("ReaderConfig.dialer", dialer);
        ConfigChecks.optionalName("ReaderConfig.topic", topic);
        groupTopics = ConfigChecks.listOf("ReaderConfig.groupTopics", groupTopics);
        groupTopics.forEach(t -> ConfigChecks.check(!t.isBlank(), "ReaderConfig.groupTopics: topic names must not be blank"));
        ConfigChecks.check(new HashSet<>(groupTopics).size() == groupTopics.size(),
                "ReaderConfig.groupTopics: topics must not repeat, got " + groupTopics);
        ConfigChecks.optionalName("ReaderConfig.groupId", groupId);
        ConfigChecks.optionalName("ReaderConfig.groupInstanceId", groupInstanceId);
        ConfigChecks.check(topic != null || !groupTopics.isEmpty() || groupTopicPattern != null
                        || partitions != null && !partitions.isEmpty(),
                "ReaderConfig.topic: a topic (or partitions, or groupTopics or a groupTopicPattern with a groupId)"
                        + " is required");
        ConfigChecks.check(topic == null || groupTopics.isEmpty(), "ReaderConfig.groupTopics: set either topic or groupTopics, not both");
        partitions = ConfigChecks.listOf("ReaderConfig.partitions", partitions);
        ConfigChecks.check(partitions.isEmpty() || groupId == null,
                "ReaderConfig.partitions: a group member gets partitions assigned; set partitions without a groupId");
        ConfigChecks.check(new HashSet<>(partitions).size() == partitions.size(),
                "ReaderConfig.partitions: partitions must not repeat, got " + partitions);
        for (TopicPartition tp : partitions) {
            ConfigChecks.check(!tp.topic().isBlank() && tp.partition() >= 0,
                    "ReaderConfig.partitions: topics must not be blank and partition ids not negative, got " + tp);
        }
        ConfigChecks.check(partitions.isEmpty() || partition == 0,
                "ReaderConfig.partition: set either one partition or partitions, not both");
        ConfigChecks.required("ReaderConfig.groupProtocol", groupProtocol);
        ConfigChecks.optionalName("ReaderConfig.groupRemoteAssignor", groupRemoteAssignor);
        ConfigChecks.check(groupRemoteAssignor == null || groupProtocol == GroupProtocol.CONSUMER,
                "ReaderConfig.groupRemoteAssignor: the coordinator assigns only with groupProtocol CONSUMER;"
                        + " the classic protocol uses groupBalancers");
        if (groupTopicPattern != null) {
            ConfigChecks.check(groupProtocol == GroupProtocol.CONSUMER && groupId != null,
                    "ReaderConfig.groupTopicPattern: needs a groupId and groupProtocol CONSUMER (the coordinator"
                            + " matches the pattern)");
            ConfigChecks.check(topic == null && groupTopics.isEmpty(),
                    "ReaderConfig.groupTopicPattern: set either a pattern or topic/groupTopics, not both");
            ConfigChecks.check(!groupTopicPattern.isBlank(), "ReaderConfig.groupTopicPattern: must not be blank");
        }
        ConfigChecks.check(groupTopics.isEmpty() || groupId != null, "ReaderConfig.groupTopics: requires a groupId");
        ConfigChecks.check(groupInstanceId == null || groupId != null, "ReaderConfig.groupInstanceId: requires a groupId");
        ConfigChecks.atLeast("ReaderConfig.partition", partition, 0);
        ConfigChecks.check(groupId == null || partition == 0,
                "ReaderConfig.partition: a group member gets partitions assigned; do not set partition (" + partition + ") with a groupId");
        ConfigChecks.atLeast("ReaderConfig.minBytes", minBytes, 1);
        ConfigChecks.atLeast("ReaderConfig.maxBytes", maxBytes, 1);
        ConfigChecks.check(minBytes <= maxBytes,
                "ReaderConfig.minBytes: must not exceed maxBytes (" + minBytes + " > " + maxBytes + ")");
        ConfigChecks.positive("ReaderConfig.maxWait", maxWait);
        ConfigChecks.atLeast("ReaderConfig.queueCapacity", queueCapacity, 1);
        ConfigChecks.atLeast("ReaderConfig.queueCapacityBytes", queueCapacityBytes, 1L);
        ConfigChecks.atLeast("ReaderConfig.maxDecompressedBatchBytes", maxDecompressedBatchBytes, 1);
        ConfigChecks.check(startOffset == FIRST_OFFSET || startOffset == LAST_OFFSET,
                "ReaderConfig.startOffset: must be FIRST_OFFSET (-2) or LAST_OFFSET (-1), got " + startOffset
                        + " (use Reader.setOffset for an absolute offset)");
        ConfigChecks.required("ReaderConfig.offsetOutOfRangePolicy", offsetOutOfRangePolicy);
        ConfigChecks.notNegative("ReaderConfig.commitInterval", commitInterval);
        ConfigChecks.positive("ReaderConfig.heartbeatInterval", heartbeatInterval);
        ConfigChecks.positive("ReaderConfig.sessionTimeout", sessionTimeout);
        ConfigChecks.check(heartbeatInterval.compareTo(sessionTimeout) < 0,
                "ReaderConfig.heartbeatInterval: must be shorter than sessionTimeout (" + heartbeatInterval + " >= " + sessionTimeout + ")");
        ConfigChecks.positive("ReaderConfig.rebalanceTimeout", rebalanceTimeout);
        ConfigChecks.notNegative("ReaderConfig.joinGroupBackoff", joinGroupBackoff);
        ConfigChecks.positive("ReaderConfig.partitionWatchInterval", partitionWatchInterval);
        groupBalancers = ConfigChecks.listOf("ReaderConfig.groupBalancers",
                ConfigChecks.required("ReaderConfig.groupBalancers", groupBalancers));
        ConfigChecks.check(!groupBalancers.isEmpty(), "ReaderConfig.groupBalancers: at least one is required");
        Set<String> protocols = new HashSet<>();
        for (GroupBalancer balancer : groupBalancers) {
            ConfigChecks.check(protocols.add(balancer.protocolName()),
                    "ReaderConfig.groupBalancers: protocol name '" + balancer.protocolName() + "' appears twice");
        }
        ConfigChecks.required("ReaderConfig.isolationLevel", isolationLevel);
        ConfigChecks.positive("ReaderConfig.readBackoffMin", readBackoffMin);
        ConfigChecks.positive("ReaderConfig.readBackoffMax", readBackoffMax);
        ConfigChecks.check(readBackoffMin.compareTo(readBackoffMax) <= 0,
                "ReaderConfig.readBackoffMin: must not exceed readBackoffMax (" + readBackoffMin + " > " + readBackoffMax + ")");
        ConfigChecks.positive("ReaderConfig.operationTimeout", operationTimeout);
        ConfigChecks.optionalName("ReaderConfig.rackId", rackId);
        ConfigChecks.required("ReaderConfig.onPartitionsAssigned", onPartitionsAssigned);
        ConfigChecks.required("ReaderConfig.onPartitionsRevoked", onPartitionsRevoked);
    }

    /** Whether this reader is a consumer group member (a {@code groupId} is set). */
    public boolean isGroupMode() {
        return groupId != null;
    }

    /**
     * The topics read: {@code groupTopics} when given, the topics of {@code partitions}, else just {@code topic};
     * empty with a {@code groupTopicPattern}.
     */
    public List<String> topics() {
        if (!partitions.isEmpty()) {
            return partitions.stream().map(TopicPartition::topic).distinct().toList();
        }
        if (topic != null) {
            return List.of(topic);
        }
        return groupTopics;
    }

    /** Without a group, the partitions read: {@code partitions}, or {@code topic}'s one {@code partition}. */
    public List<TopicPartition> readPartitions() {
        if (isGroupMode()) {
            throw new IllegalStateException("a group member reads the partitions the group assigns");
        }
        return partitions.isEmpty() ? List.of(new TopicPartition(topic, partition)) : partitions;
    }

    /** A builder with every setting at its default; {@code brokers} and a topic must still be given. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's settings. */
    public Builder toBuilder() {
        return new Builder().brokers(brokers).dialer(dialer).topic(topic).groupTopics(groupTopics).partition(partition).groupId(groupId)
                .groupInstanceId(groupInstanceId).minBytes(minBytes).maxBytes(maxBytes).maxWait(maxWait)
                .queueCapacity(queueCapacity).queueCapacityBytes(queueCapacityBytes)
                .maxDecompressedBatchBytes(maxDecompressedBatchBytes).startOffset(startOffset).offsetOutOfRangePolicy(offsetOutOfRangePolicy)
                .commitInterval(commitInterval).heartbeatInterval(heartbeatInterval).sessionTimeout(sessionTimeout)
                .rebalanceTimeout(rebalanceTimeout).joinGroupBackoff(joinGroupBackoff)
                .watchPartitionChanges(watchPartitionChanges).partitionWatchInterval(partitionWatchInterval)
                .groupBalancers(groupBalancers).isolationLevel(isolationLevel).readBackoffMin(readBackoffMin)
                .readBackoffMax(readBackoffMax).operationTimeout(operationTimeout).rackId(rackId)
                .onPartitionsAssigned(onPartitionsAssigned).onPartitionsRevoked(onPartitionsRevoked)
                .groupProtocol(groupProtocol).groupRemoteAssignor(groupRemoteAssignor).groupTopicPattern(groupTopicPattern)
                .partitions(partitions).onPartitionsLost(onPartitionsLost);
    }

    /** Collects settings for a {@link ReaderConfig}; not thread-safe. {@code brokers} has no default. */
    public static final class Builder extends ClusterConnectionBuilder<Builder> {
        private String topic;
        private List<String> groupTopics = List.of();
        private int partition = DEFAULT_PARTITION;
        private String groupId;
        private String groupInstanceId;
        private int minBytes = DEFAULT_MIN_BYTES;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private long queueCapacityBytes = DEFAULT_QUEUE_CAPACITY_BYTES;
        private int maxDecompressedBatchBytes = DEFAULT_MAX_DECOMPRESSED_BATCH_BYTES;
        private long startOffset = DEFAULT_START_OFFSET;
        private OffsetOutOfRangePolicy offsetOutOfRangePolicy = DEFAULT_OFFSET_OUT_OF_RANGE_POLICY;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration rebalanceTimeout = DEFAULT_REBALANCE_TIMEOUT;
        private Duration joinGroupBackoff = DEFAULT_JOIN_GROUP_BACKOFF;
        private boolean watchPartitionChanges = DEFAULT_WATCH_PARTITION_CHANGES;
        private Duration partitionWatchInterval = DEFAULT_PARTITION_WATCH_INTERVAL;
        private List<GroupBalancer> groupBalancers;
        private IsolationLevel isolationLevel = DEFAULT_ISOLATION_LEVEL;
        private Duration readBackoffMin = DEFAULT_READ_BACKOFF_MIN;
        private Duration readBackoffMax = DEFAULT_READ_BACKOFF_MAX;
        private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
        private String rackId;
        private PartitionsListener onPartitionsAssigned = PartitionsListener.NONE;
        private PartitionsListener onPartitionsRevoked = PartitionsListener.NONE;
        private GroupProtocol groupProtocol = DEFAULT_GROUP_PROTOCOL;
        private String groupRemoteAssignor;
        private String groupTopicPattern;
        private List<TopicPartition> partitions = List.of();
        private int[] partitionIds;
        private PartitionsListener onPartitionsLost;


        private Builder() {
            super(null);
        }



        /** The topic to read. */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** Topics for a group member reading several (replaces {@code topic}; needs a groupId). */
        public Builder groupTopics(String... groupTopics) {
            return groupTopics(groupTopics == null ? null : Arrays.asList(groupTopics));
        }

        /** Topics for a group member reading several (replaces {@code topic}; needs a groupId). */
        public Builder groupTopics(List<String> groupTopics) {
            this.groupTopics = groupTopics;
            return this;
        }

        /** Partition read without a group; default {@link #DEFAULT_PARTITION}. */
        public Builder partition(int partition) {
            this.partition = partition;
            return this;
        }

        /**
         * Reads these partitions of {@code topic} without a group (explicit assignment), each from
         * {@code startOffset}; default just {@code partition}.
         */
        public Builder partitions(int... partitionIds) {
            this.partitionIds = partitionIds == null ? null : partitionIds.clone();
            this.partitions = List.of();
            return this;
        }

        /** Reads these partitions (of any topics) without a group (explicit assignment); default none. */
        public Builder partitions(List<TopicPartition> partitions) {
            this.partitions = partitions;
            this.partitionIds = null;
            return this;
        }

        /** Consumer group to join; default none (partition mode). */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Static member id; default none (dynamic membership). */
        public Builder groupInstanceId(String groupInstanceId) {
            this.groupInstanceId = groupInstanceId;
            return this;
        }

        /** Bytes a fetch waits for; default {@link #DEFAULT_MIN_BYTES}. */
        public Builder minBytes(int minBytes) {
            this.minBytes = minBytes;
            return this;
        }

        /** Bytes a fetch returns at most; default {@link #DEFAULT_MAX_BYTES}. */
        public Builder maxBytes(int maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /** Longest fetch wait; default {@link #DEFAULT_MAX_WAIT}. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /** Prefetched messages; default {@link #DEFAULT_QUEUE_CAPACITY}. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Prefetched message bytes; default {@link #DEFAULT_QUEUE_CAPACITY_BYTES}. */
        public Builder queueCapacityBytes(long queueCapacityBytes) {
            this.queueCapacityBytes = queueCapacityBytes;
            return this;
        }

        /** Most bytes a batch may decompress to; default {@link #DEFAULT_MAX_DECOMPRESSED_BATCH_BYTES}. */
        public Builder maxDecompressedBatchBytes(int maxDecompressedBatchBytes) {
            this.maxDecompressedBatchBytes = maxDecompressedBatchBytes;
            return this;
        }

        /** {@link #FIRST_OFFSET} or {@link #LAST_OFFSET}; default {@link #DEFAULT_START_OFFSET}. */
        public Builder startOffset(long startOffset) {
            this.startOffset = startOffset;
            return this;
        }

        /** Out-of-range reaction; default {@link #DEFAULT_OFFSET_OUT_OF_RANGE_POLICY}. */
        public Builder offsetOutOfRangePolicy(OffsetOutOfRangePolicy offsetOutOfRangePolicy) {
            this.offsetOutOfRangePolicy = offsetOutOfRangePolicy;
            return this;
        }

        /** Commit flush period, zero for synchronous; default {@link #DEFAULT_COMMIT_INTERVAL}. */
        public Builder commitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
            return this;
        }

        /** Heartbeat period; default {@link #DEFAULT_HEARTBEAT_INTERVAL}. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** Session timeout; default {@link #DEFAULT_SESSION_TIMEOUT}. */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        /** Rebalance timeout; default {@link #DEFAULT_REBALANCE_TIMEOUT}. */
        public Builder rebalanceTimeout(Duration rebalanceTimeout) {
            this.rebalanceTimeout = rebalanceTimeout;
            return this;
        }

        /** Pause after a failed join; default {@link #DEFAULT_JOIN_GROUP_BACKOFF}. */
        public Builder joinGroupBackoff(Duration joinGroupBackoff) {
            this.joinGroupBackoff = joinGroupBackoff;
            return this;
        }

        /** Rebalance on new partitions; default {@link #DEFAULT_WATCH_PARTITION_CHANGES}. */
        public Builder watchPartitionChanges(boolean watchPartitionChanges) {
            this.watchPartitionChanges = watchPartitionChanges;
            return this;
        }

        /** Partition check period; default {@link #DEFAULT_PARTITION_WATCH_INTERVAL}. */
        public Builder partitionWatchInterval(Duration partitionWatchInterval) {
            this.partitionWatchInterval = partitionWatchInterval;
            return this;
        }

        /** Strategies offered, most preferred first; default {@link #defaultGroupBalancers()}. */
        public Builder groupBalancers(GroupBalancer... groupBalancers) {
            return groupBalancers(groupBalancers == null ? null : Arrays.asList(groupBalancers));
        }

        /** Strategies offered, most preferred first; default {@link #defaultGroupBalancers()}. */
        public Builder groupBalancers(List<GroupBalancer> groupBalancers) {
            this.groupBalancers = groupBalancers;
            return this;
        }

        /** Transaction visibility; default {@link #DEFAULT_ISOLATION_LEVEL}. */
        public Builder isolationLevel(IsolationLevel isolationLevel) {
            this.isolationLevel = isolationLevel;
            return this;
        }

        /** First pause after a failed fetch; default {@link #DEFAULT_READ_BACKOFF_MIN}. */
        public Builder readBackoffMin(Duration readBackoffMin) {
            this.readBackoffMin = readBackoffMin;
            return this;
        }

        /** Longest pause after failed fetches; default {@link #DEFAULT_READ_BACKOFF_MAX}. */
        public Builder readBackoffMax(Duration readBackoffMax) {
            this.readBackoffMax = readBackoffMax;
            return this;
        }

        /** Time bound of a commit or offset lookup, retries included; default {@link #DEFAULT_OPERATION_TIMEOUT}. */
        public Builder operationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
            return this;
        }


        /** This reader's rack; default none. */
        public Builder rackId(String rackId) {
            this.rackId = rackId;
            return this;
        }



        /** Called after partitions are assigned; default {@link PartitionsListener#NONE}. */
        public Builder onPartitionsAssigned(PartitionsListener onPartitionsAssigned) {
            this.onPartitionsAssigned = onPartitionsAssigned;
            return this;
        }

        /** Called before partitions are revoked; default {@link PartitionsListener#NONE}. */
        public Builder onPartitionsRevoked(PartitionsListener onPartitionsRevoked) {
            this.onPartitionsRevoked = onPartitionsRevoked;
            return this;
        }

        /** Called after partitions were lost (the member was fenced); default none: {@code onPartitionsRevoked} is. */
        public Builder onPartitionsLost(PartitionsListener onPartitionsLost) {
            this.onPartitionsLost = onPartitionsLost;
            return this;
        }

        /** The group protocol; default {@link #DEFAULT_GROUP_PROTOCOL} ({@link GroupProtocol#CLASSIC}). */
        public Builder groupProtocol(GroupProtocol groupProtocol) {
            this.groupProtocol = groupProtocol;
            return this;
        }

        /** The coordinator's assignor with {@link GroupProtocol#CONSUMER} ({@code uniform}, {@code range}); default the broker's. */
        public Builder groupRemoteAssignor(String groupRemoteAssignor) {
            this.groupRemoteAssignor = groupRemoteAssignor;
            return this;
        }

        /** Subscribes to the topics matching an RE2/J regular expression ({@link GroupProtocol#CONSUMER} only); default none. */
        public Builder groupTopicPattern(String groupTopicPattern) {
            this.groupTopicPattern = groupTopicPattern;
            return this;
        }



        /**
         * Validates and builds.
         *
         * @throws KafkaConfigException naming the setting when brokers or topics are missing or
         *                              malformed, group-only settings are used without a groupId, a
         *                              partition is set with a groupId, minBytes exceeds maxBytes,
         *                              the heartbeat is not shorter than the session timeout, a
         *                              number or duration is out of range, or balancer names repeat
         */
        public ReaderConfig build() {
            List<TopicPartition> read = partitions;
            if (partitionIds != null) {
                ConfigChecks.check(topic != null, "ReaderConfig.partitions: partition ids need a topic");
                List<TopicPartition> ofTopic = new ArrayList<>(partitionIds.length);
                for (int id : partitionIds) {
                    ConfigChecks.check(id >= 0, "ReaderConfig.partitions: partition ids not negative, got " + id);
                    ofTopic.add(new TopicPartition(topic, id));
                }
                read = ofTopic;
            }
            return new ReaderConfig(bootstrapBrokers(), buildDialer(), topic, groupTopics, partition, groupId, groupInstanceId, minBytes, maxBytes,
                    maxWait, queueCapacity, queueCapacityBytes, maxDecompressedBatchBytes, startOffset, offsetOutOfRangePolicy, commitInterval, heartbeatInterval,
                    sessionTimeout, rebalanceTimeout, joinGroupBackoff, watchPartitionChanges, partitionWatchInterval,
                    groupBalancers != null ? groupBalancers : defaultGroupBalancers(), isolationLevel, readBackoffMin,
                    readBackoffMax, operationTimeout, rackId, onPartitionsAssigned,
                    onPartitionsRevoked, groupProtocol, groupRemoteAssignor, groupTopicPattern, read, onPartitionsLost);
        }
    }
}
