package io.kafkago;

import io.kafkago.internal.conn.ConnEngine;
import io.kafkago.internal.conn.RecordCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One connection to one broker: the low-level API the seed calls "the core of kafka-go". A Conn
 * dialed with {@link #dialLeader} produces to and reads from one partition; any Conn answers
 * cluster questions (partitions, brokers, controller) and creates or deletes topics.
 *
 * <p>Deadlines work like Go's {@code net.Conn}: a blocking call fails with
 * {@link KafkaTimeoutException} at about the deadline and the Conn stays usable. Without a
 * deadline, requests are bounded by the dialer's request timeout, and reads wait until data
 * arrives. An interrupted call throws {@link KafkaInterruptedException} with the thread's interrupt
 * status set; the Conn stays usable. Safe for use by several threads.
 */
public final class Conn implements AutoCloseable {

    /** Pseudo-offset of the first message still in the partition (also the initial offset). */
    public static final long FIRST_OFFSET = -2;
    /** Pseudo-offset of the end of the partition: the next message written. */
    public static final long LAST_OFFSET = -1;
    /** Default acknowledgement for {@link #writeMessages}: all in-sync replicas. */
    public static final RequiredAcks DEFAULT_REQUIRED_ACKS = RequiredAcks.ALL;
    /** Default compression for {@link #writeMessages}: none. */
    public static final Compression DEFAULT_COMPRESSION = Compression.NONE;
    /**
     * Default isolation level of reads: {@link IsolationLevel#READ_UNCOMMITTED}, every record as the log holds it, as
     * a raw connection shows it (kafka-go's default too); the {@link Reader} defaults to READ_COMMITTED.
     */
    public static final IsolationLevel DEFAULT_ISOLATION_LEVEL = IsolationLevel.READ_UNCOMMITTED;
    /**
     * Longest one fetch waits on the broker for data: 500 ms, like kafka-clients' {@code fetch.max.wait.ms}. A read
     * fetches again until data arrives or its deadline passes. Kept short because a broker answers a connection's
     * requests in order: a fetch left waiting by an interrupted read holds up the next request for at most this long.
     */
    public static final Duration DEFAULT_FETCH_MAX_WAIT = Duration.ofMillis(500);

    /** The part of the time left before a deadline kept for the round trip (at most this much). */
    private static final long MAX_RTT_ALLOWANCE_NANOS = 250_000_000L;
    /** A read deadline closer than this is treated as reached: too short for another fetch. */
    private static final long MIN_FETCH_WAIT_NANOS = 5_000_000L;

    private final ConnEngine engine;
    private final String topic;
    private final int partition;
    private final Duration requestTimeout;
    private volatile Instant readDeadline;
    private volatile Instant writeDeadline;
    private volatile RequiredAcks requiredAcks = DEFAULT_REQUIRED_ACKS;
    private volatile Compression compression = DEFAULT_COMPRESSION;
    private volatile IsolationLevel isolationLevel = DEFAULT_ISOLATION_LEVEL;
    private long offset = FIRST_OFFSET;

    Conn(ConnEngine engine, Duration requestTimeout) {
        this.engine = engine;
        this.topic = engine.topic();
        this.partition = engine.partition();
        this.requestTimeout = requestTimeout;
    }

    /** Connects to one broker with the default {@link Dialer}; see {@link Dialer#dial(String)}. */
    public static Conn dial(String address) {
        return Dialer.defaultDialer().dial(address);
    }

    /** Connects to a partition's leader with the default {@link Dialer}; see {@link Dialer#dialLeader}. */
    public static Conn dialLeader(String address, String topic, int partition) {
        return Dialer.defaultDialer().dialLeader(address, topic, partition);
    }

    /** The topic this Conn was dialed for, or null for a plain {@link #dial}. */
    public String topic() {
        return topic;
    }

    /** The partition this Conn was dialed for, or -1. */
    public int partition() {
        return partition;
    }

    /** The broker's address, {@code host:port}. */
    public String address() {
        return engine.address();
    }

    // ------------------------------------------------------------------------------------ deadlines and settings

    /** Sets the read and write deadlines; null clears them. */
    public void setDeadline(Instant deadline) {
        this.readDeadline = deadline;
        this.writeDeadline = deadline;
    }

    /** Deadline for reads (fetches, offsets, metadata); null clears it. */
    public void setReadDeadline(Instant deadline) {
        this.readDeadline = deadline;
    }

    /** Deadline for writes (produce, create and delete topics); null clears it. */
    public void setWriteDeadline(Instant deadline) {
        this.writeDeadline = deadline;
    }

    /** Acknowledgement {@link #writeMessages} waits for; default {@link #DEFAULT_REQUIRED_ACKS}. */
    public void setRequiredAcks(RequiredAcks acks) {
        this.requiredAcks = Objects.requireNonNull(acks, "acks");
    }

    /** Compression {@link #writeMessages} applies; default {@link #DEFAULT_COMPRESSION}. */
    public void setCompression(Compression codec) {
        this.compression = Objects.requireNonNull(codec, "compression");
    }

    /**
     * Which records reads return; default {@link #DEFAULT_ISOLATION_LEVEL}. Under
     * {@link IsolationLevel#READ_COMMITTED} batches end at the last stable offset (the first record of a transaction
     * still open), records of aborted transactions are skipped, and {@link #readLastOffset()} is the last stable
     * offset.
     */
    public void setIsolationLevel(IsolationLevel isolation) {
        this.isolationLevel = Objects.requireNonNull(isolation, "isolation");
    }

    // ------------------------------------------------------------------------------------ producing

    /** Writes messages to the dialed partition; see {@link #writeMessages(List)}. */
    public int writeMessages(Message... messages) {
        return writeMessages(Arrays.asList(messages));
    }

    /**
     * Writes messages to the dialed partition as one record batch, with this Conn's compression, and
     * waits for the configured acknowledgement. Each message's topic and partition are ignored; a
     * message without a time gets the current time.
     *
     * @return the number of key and value bytes written
     * @throws KafkaBrokerException when the broker rejects the batch (e.g. NOT_LEADER_OR_FOLLOWER)
     * @throws KafkaTimeoutException when the write deadline passes first
     */
    public int writeMessages(List<Message> messages) {
        requirePartition();
        if (messages.isEmpty()) {
            return 0;
        }
        return engine.produce(messages, compression, requiredAcks, timeoutNanos(writeDeadline));
    }

    // ------------------------------------------------------------------------------------ consuming

    /** Reads a batch of at most {@code maxBytes}; see {@link #readBatch(int, int)}. */
    public Batch readBatch(int maxBytes) {
        return readBatch(1, maxBytes);
    }

    /**
     * Fetches messages from the current offset, waiting until at least {@code minBytes} are available
     * or the read deadline approaches. Waits as long as the partition has nothing new; a deadline
     * that passes, a broker error or a corrupt record end the batch, and {@link Batch#close()}
     * throws it. The broker may return more than {@code maxBytes} when the first batch is larger.
     *
     * @throws KafkaInterruptedException when interrupted (the interrupt status stays set)
     * @throws IllegalArgumentException when the sizes are not 0 &lt;= minBytes &lt;= maxBytes, maxBytes &gt; 0
     */
    public Batch readBatch(int minBytes, int maxBytes) {
        requirePartition();
        if (maxBytes <= 0 || minBytes < 0 || minBytes > maxBytes) {
            throw new IllegalArgumentException("need 0 <= minBytes <= maxBytes and maxBytes > 0, got minBytes="
                    + minBytes + ", maxBytes=" + maxBytes);
        }
        Instant deadline = readDeadline;
        IsolationLevel isolation = isolationLevel;
        long fetchOffset = -1;
        try {
            fetchOffset = offset();
            while (true) {
                long waitNanos = fetchWaitNanos(deadline);
                if (waitNanos < 0) {
                    throw new KafkaTimeoutException("read deadline passed with no message at offset " + fetchOffset
                            + " of " + topic + "-" + partition);
                }
                long timeoutNanos = deadline == null ? waitNanos + requestTimeout.toNanos() : timeoutNanos(deadline);
                ConnEngine.FetchedRecords fetched = engine.fetch(fetchOffset, minBytes, maxBytes, waitNanos / 1_000_000,
                        isolation, timeoutNanos);
                if (!fetched.isEmpty()) {
                    return new Batch(this::advanceOffset, topic, partition, fetchOffset, fetched.highWaterMark(),
                            new RecordCursor(fetched.records(), fetchOffset, fetched.abortedTransactions()), null);
                }
            }
        } catch (KafkaInterruptedException e) {
            throw e;
        } catch (KafkaException e) {
            return new Batch(this::advanceOffset, topic, partition, fetchOffset, -1, null, e);
        }
    }

    /** How long the next fetch may wait on the broker; negative once the deadline is (nearly) reached. */
    private static long fetchWaitNanos(Instant deadline) {
        if (deadline == null) {
            return DEFAULT_FETCH_MAX_WAIT.toNanos();
        }
        long remaining = remainingNanos(deadline);
        long wait = remaining - Math.min(MAX_RTT_ALLOWANCE_NANOS, remaining / 4);
        return wait < MIN_FETCH_WAIT_NANOS ? -1 : Math.min(wait, DEFAULT_FETCH_MAX_WAIT.toNanos());
    }

    /**
     * Reads the next message, fetching until one arrives or the read deadline passes.
     *
     * @throws KafkaTimeoutException when the read deadline passes first
     * @throws KafkaBrokerException on a broker error such as OFFSET_OUT_OF_RANGE
     */
    public Message readMessage(int maxBytes) {
        while (true) {
            try (Batch batch = readBatch(1, maxBytes)) {
                Message message = batch.readMessage();
                if (message != null) {
                    return message;
                }
            }
        }
    }

    /** Called by a closing {@link Batch}: the next read starts at {@code nextOffset}. */
    synchronized void advanceOffset(long nextOffset) {
        if (nextOffset >= 0 && (offset < 0 || nextOffset > offset)) {
            offset = nextOffset;
        }
    }

    // ------------------------------------------------------------------------------------ offsets

    /** The offset the next read starts at, asking the broker when it is still {@link #FIRST_OFFSET} or {@link #LAST_OFFSET}. */
    public long offset() {
        long current;
        synchronized (this) {
            current = offset;
        }
        if (current >= 0) {
            return current;
        }
        long resolved = current == FIRST_OFFSET ? readFirstOffset() : readLastOffset();
        synchronized (this) {
            if (offset < 0) {
                offset = resolved;
            }
            return offset;
        }
    }

    /**
     * Moves the read position.
     *
     * @param target the offset, absolute or relative to {@code mode}'s reference point
     * @return the new absolute offset
     */
    public long seek(long target, SeekMode mode) {
        long absolute = switch (mode) {
            case ABSOLUTE -> target;
            case START -> readFirstOffset() + target;
            case END -> readLastOffset() + target;
            case CURRENT -> offset() + target;
        };
        if (absolute < 0) {
            throw new IllegalArgumentException("seek to a negative offset: " + absolute);
        }
        synchronized (this) {
            offset = absolute;
        }
        return absolute;
    }

    /** The first offset still in the partition. */
    public long readFirstOffset() {
        requirePartition();
        return engine.firstOffset(isolationLevel, timeoutNanos(readDeadline));
    }

    /**
     * The offset the next message written to the partition will get; under {@link IsolationLevel#READ_COMMITTED} the
     * last stable offset, where the first transaction still open begins.
     */
    public long readLastOffset() {
        requirePartition();
        return engine.lastOffset(isolationLevel, timeoutNanos(readDeadline));
    }

    /** The first offset whose message is at or after {@code time}, or {@link #readLastOffset()} when none is. */
    public long readOffset(Instant time) {
        requirePartition();
        long found = engine.offsetAt(time.toEpochMilli(), isolationLevel, timeoutNanos(readDeadline));
        return found >= 0 ? found : readLastOffset();
    }

    // ------------------------------------------------------------------------------------ cluster

    /**
     * Partitions of the given topics, or of every topic when none is given, in topic and partition order.
     *
     * @throws KafkaBrokerException when a named topic does not exist
     */
    public List<Partition> readPartitions(String... topics) {
        return engine.partitions(List.of(topics), timeoutNanos(readDeadline));
    }

    /** Every broker of the cluster, by id. */
    public List<Broker> brokers() {
        return engine.brokers(timeoutNanos(readDeadline));
    }

    /** The controller broker as metadata reports it (with KRaft: a broker that forwards to the controller). */
    public Broker controller() {
        return engine.controller(timeoutNanos(readDeadline));
    }

    /**
     * Creates topics through this broker and waits until the controller created them.
     *
     * @throws KafkaBrokerException for the first topic that could not be created (e.g. TOPIC_ALREADY_EXISTS)
     */
    public void createTopics(TopicConfig... topics) {
        engine.createTopics(List.of(topics), timeoutNanos(writeDeadline));
    }

    /**
     * Deletes topics and waits until the controller deleted them.
     *
     * @throws KafkaBrokerException for the first topic that could not be deleted
     */
    public void deleteTopics(String... names) {
        engine.deleteTopics(List.of(names), timeoutNanos(writeDeadline));
    }

    // ------------------------------------------------------------------------------------ plumbing

    /** Closes the connection; calls in progress fail with {@link KafkaConnectionException}. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "Conn[" + engine.address() + (topic == null ? "" : ", " + topic + "-" + partition) + "]";
    }

    /** Time left before {@code deadline}, or the request timeout without one; a passed deadline throws. */
    private long timeoutNanos(Instant deadline) {
        if (deadline == null) {
            return requestTimeout.toNanos();
        }
        long remaining = remainingNanos(deadline);
        if (remaining <= 0) {
            throw new KafkaTimeoutException("the deadline " + deadline + " has passed");
        }
        return remaining;
    }

    private static long remainingNanos(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? 0 : left.toNanos();
    }

    private void requirePartition() {
        if (topic == null) {
            throw new IllegalStateException("this Conn was dialed to a broker, not a partition: use dialLeader");
        }
    }
}
