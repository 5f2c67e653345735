package io.kafkago;

import io.kafkago.internal.group.PendingCommit;
import io.kafkago.internal.reader.GroupReaderEngine;
import io.kafkago.internal.reader.PartitionReaderEngine;
import io.kafkago.internal.reader.ReaderEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Consumes messages: one partition (or several, {@link ReaderConfig#partitions()}) from offsets the application
 * controls, or, when {@link ReaderConfig#groupId()} is set, the partitions a consumer group assigns to this member,
 * with the classic protocol or the consumer protocol of KIP-848 ({@link ReaderConfig#groupProtocol()}).
 * {@link #pause} and {@link #resume} hold partitions back without leaving the group; {@link #seek} moves one
 * partition by offset or time.
 *
 * <pre>{@code
 * Reader r = new Reader(ReaderConfig.builder()
 *         .brokers("localhost:9092").topic("topic-A").partition(0)
 *         .minBytes(10_000).maxBytes(10_000_000).build());
 * r.setOffset(42);
 * Message m = r.readMessage();
 * r.close();
 * }</pre>
 *
 * <p>Messages are fetched ahead in the background (up to {@link ReaderConfig#queueCapacity()}
 * messages and {@link ReaderConfig#queueCapacityBytes()} bytes) by one thread per reader, with one
 * Fetch request per broker covering every partition that broker leads. The reader reconnects,
 * follows leader changes and backs off on errors by itself; errors it cannot fix (authorization,
 * an out-of-range offset under the FAIL policy) and answers it cannot read
 * ({@link KafkaProtocolException}, retried meanwhile) are thrown by the next read. A record batch
 * that cannot be decoded is thrown as a {@link KafkaCorruptRecordException} after the messages
 * before it; its partition waits there until {@link #seek} (or {@link #setOffset}) moves it on.
 *
 * <p>In group mode a separate thread keeps the membership alive (heartbeats never depend on how
 * fast the application reads), rejoins on rebalances and commits. {@link #fetchMessage()} plus
 * {@link #commitMessages(Message...)} give at-least-once processing; {@link #readMessage()}
 * commits each message as it hands it out. Commits are fenced by generation: after a rebalance, a
 * message handed out earlier is committed only if its partition has stayed this member's since (an
 * incremental rebalance keeps the partitions that do not move) or the new generation has handed out that offset
 * again, so it can neither rewind the new owner's
 * position nor skip messages the new generation has not delivered; the others are dropped (the
 * partition's owner reads them again) and counted in {@link ReaderStats#staleCommits()}. Commits
 * and offset lookups retry errors a retry may fix (a coordinator loading, moving or unreachable)
 * for up to {@link ReaderConfig#operationTimeout()}.
 *
 * <p>Blocking calls honour thread interruption ({@link KafkaInterruptedException}, interrupt
 * status kept) and timeouts ({@link KafkaTimeoutException}); the reader stays usable after
 * both. Every method is safe to call from several threads. {@link #close()} wakes blocked
 * readers at once; later calls throw {@link IllegalStateException}.
 */
public final class Reader implements AutoCloseable {

    private static final long WAIT_FOREVER = Long.MAX_VALUE;

    private final ReaderConfig config;
    private final ReaderEngine engine;

    /**
     * Creates a reader. Nothing is fetched until the first read (or {@link #setOffset}); in group
     * mode the reader starts joining the group at once.
     *
     * @throws KafkaConfigException if a broker address cannot be parsed
     */
    public Reader(ReaderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.engine = config.isGroupMode() ? new GroupReaderEngine(config) : new PartitionReaderEngine(config);
    }

    /** The settings this reader was made with. */
    public ReaderConfig config() {
        return config;
    }

    /**
     * Reads the next message, waiting as long as it takes; in group mode it is committed before
     * it is returned (synchronously, or in the next periodic commit with a commit interval).
     *
     * @throws KafkaInterruptedException if the thread is interrupted while waiting
     * @throws KafkaException            an error the reader could not recover from
     * @throws IllegalStateException     if the reader is closed
     */
    public Message readMessage() {
        return readMessage(null);
    }

    /**
     * {@link #readMessage()} giving up after {@code timeout}.
     *
     * @throws KafkaTimeoutException if no message arrived in time (nothing is lost: the next call
     *                               returns the next message)
     */
    public Message readMessage(Duration timeout) {
        Message message = fetchMessage(timeout);
        engine.read(message);
        return message;
    }

    /** Reads the next message without committing it (commit it with {@link #commitMessages}). */
    public Message fetchMessage() {
        return fetchMessage(null);
    }

    /**
     * {@link #fetchMessage()} giving up after {@code timeout}.
     *
     * @param timeout how long to wait; null waits as long as it takes
     * @throws KafkaTimeoutException     if no message arrived in time
     * @throws KafkaInterruptedException if the thread is interrupted while waiting
     */
    public Message fetchMessage(Duration timeout) {
        long waitNanos = timeout == null ? WAIT_FOREVER : Math.max(0, timeout.toNanos());
        Message message;
        try {
            message = engine.next(waitNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaInterruptedException("interrupted while waiting for a message");
        }
        if (message == null) {
            throw new KafkaTimeoutException("no message arrived within " + timeout);
        }
        return message;
    }

    /**
     * The next message, without committing it. Cancelling the future abandons the wait: the
     * message it would have received goes to the next read instead.
     */
    public CompletableFuture<Message> fetchMessageAsync() {
        return engine.nextAsync();
    }

    /**
     * Like {@link #readMessage()}, without blocking: the future completes once the next message
     * is there and (in group mode) committed as {@link #readMessage()} would. Cancelling the
     * future abandons the wait.
     */
    public CompletableFuture<Message> readMessageAsync() {
        return engine.nextReadAsync();
    }

    /** The offsets after {@code messages} and their generation, for {@link Transaction#commitMessages}. */
    PendingCommit transactionalCommit(List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        return engine.transactionalCommit(messages);
    }

    /**
     * Commits the messages (group mode): per partition, the offset after the highest message
     * given. With a zero commit interval the call returns once the coordinator accepted the
     * commit; otherwise the offsets go out with the next periodic commit (and at the latest on
     * rebalance or close). Messages of an ended generation that the current one cannot commit
     * (see the class documentation) are left out and counted as stale commits.
     *
     * @throws IllegalStateException if the reader is not a group member or is closed
     * @throws KafkaTimeoutException if the coordinator did not take the commit within
     *                               {@link ReaderConfig#operationTimeout()} (retries included)
     * @throws KafkaException        if the coordinator refused the commit for good
     */
    public void commitMessages(Message... messages) {
        commitMessages(Arrays.asList(messages));
    }

    /** {@link #commitMessages(Message...)} for a list. */
    public void commitMessages(List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        engine.commit(messages);
    }

    /**
     * Moves the partition-mode reader to {@code offset}: the next message read is the one at
     * that offset (or the partition's first or next new message for
     * {@link ReaderConfig#FIRST_OFFSET} / {@link ReaderConfig#LAST_OFFSET}). Messages already
     * fetched ahead are dropped. A reader of several partitions moves every one; {@link #seek} moves one.
     *
     * @throws IllegalArgumentException if the offset is negative and not FIRST_OFFSET/LAST_OFFSET
     * @throws IllegalStateException    in group mode (the group decides offsets) or when closed
     */
    public void setOffset(long offset) {
        requireReadableOffset(offset);
        engine.setOffset(offset);
    }

    /**
     * Moves where a partition is read: the next message of {@code partition} handed out is the one
     * at {@code offset} (or the first after it). This is the way on past a record batch that cannot
     * be decoded: {@code seek(e.topicPartition(), e.nextOffset())} for a
     * {@link KafkaCorruptRecordException} {@code e}. Messages of the partition fetched ahead are
     * dropped; the other partitions go on where they are.
     *
     * <p>In partition mode this is {@link #setOffset(long)} for the reader's partition. In group
     * mode the partition must be assigned to this member, and the move lasts for the current
     * partition's ownership: once a rebalance takes the partition away, its next owner reads from the
     * committed offset, so commit a message past the new position to keep it. A seek backwards reads messages again but never
     * moves the committed offset back.
     *
     * @return true when the partition was moved; false in group mode when it is not assigned to
     *         this member (a rebalance took it: its next owner starts from the committed offset)
     * @throws IllegalArgumentException if the offset is negative and not FIRST_OFFSET/LAST_OFFSET,
     *                                  or in partition mode for a partition other than the reader's
     * @throws IllegalStateException    when closed
     */
    public boolean seek(TopicPartition partition, long offset) {
        Objects.requireNonNull(partition, "partition");
        requireReadableOffset(offset);
        return engine.seek(partition, offset);
    }

    /**
     * Moves where a partition is read to the first message whose timestamp is at or after {@code time}, or to the
     * end of the partition when there is none; otherwise as {@link #seek(TopicPartition, long)}.
     *
     * @return true when the partition was moved; false in group mode when it is not assigned to this member
     * @throws IllegalArgumentException in partition mode for a partition other than the reader's
     * @throws IllegalStateException    when closed
     */
    public boolean seek(TopicPartition partition, Instant time) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(time, "time");
        return engine.seek(partition, time);
    }

    /**
     * Stops fetching the partitions without leaving the group: the reader hands out no further message of them until
     * {@link #resume}; what was fetched ahead of them is held back (fetched again on resume), the other partitions go
     * on. A paused partition stays paused while it stays assigned; one a rebalance takes away is no longer paused
     * when it comes back. In partition mode only the reader's partition can be paused.
     *
     * @throws IllegalStateException    when a partition is not assigned to this member now, or when closed
     * @throws IllegalArgumentException in partition mode for a partition other than the reader's
     */
    public void pause(TopicPartition... partitions) {
        for (TopicPartition partition : partitions) {
            engine.pause(Objects.requireNonNull(partition, "partition"));
        }
    }

    /** Fetches paused partitions again; partitions that are not paused are ignored. */
    public void resume(TopicPartition... partitions) {
        for (TopicPartition partition : partitions) {
            engine.resume(Objects.requireNonNull(partition, "partition"));
        }
    }

    /**
     * The partitions this reader reads now (unmodifiable): its partition in partition mode; in group mode those the
     * group assigned to this member, empty between generations.
     */
    public Set<TopicPartition> assignment() {
        return engine.assignment();
    }

    /** The partitions paused now (unmodifiable). */
    public Set<TopicPartition> paused() {
        return engine.paused();
    }

    /**
     * Moves the partition-mode reader to the first message whose timestamp is at or after
     * {@code time}, or to the end of the partition when there is none (every partition of a reader of several).
     *
     * @throws IllegalStateException in group mode or when closed
     */
    public void setOffsetAt(Instant time) {
        Objects.requireNonNull(time, "time");
        engine.setOffsetAt(time);
    }

    /**
     * Partition mode: the offset of the next message {@link #readMessage()} returns
     * ({@link ReaderConfig#FIRST_OFFSET} or {@link ReaderConfig#LAST_OFFSET} until the first
     * message when started from those). Group mode, or several partitions: -1, offsets are per partition
     * ({@link #position}).
     */
    public long offset() {
        return engine.offset();
    }

    /**
     * Messages between the next one to read and the end of the partition as of the last message
     * handed out (summed over the partitions read); -1 until known. Costs nothing:
     * see {@link #readLag()} for a fresh value.
     */
    public long lag() {
        return engine.lag();
    }

    /**
     * The offset of the next message of {@code partition} this reader hands out: after the last one handed out, or
     * where the partition starts ({@link ReaderConfig#FIRST_OFFSET} / {@link ReaderConfig#LAST_OFFSET} until its
     * first message when it starts from those).
     *
     * @throws IllegalArgumentException without a group, for a partition the reader does not read
     * @throws IllegalStateException    in group mode for a partition not assigned to this member, or when closed
     */
    public long position(TopicPartition partition) {
        return engine.position(Objects.requireNonNull(partition, "partition"));
    }

    /**
     * The lag of one partition: messages between the next one to read and the partition's end as of its last message
     * handed out; -1 until known. Throws as {@link #position} does.
     */
    public long lag(TopicPartition partition) {
        return engine.lag(Objects.requireNonNull(partition, "partition"));
    }

    /**
     * Partition mode: asks the partition leaders for the current end offsets and returns how many
     * messages lie between them and the next messages to read (summed over the partitions read).
     *
     * @throws IllegalStateException in group mode (use {@link #lag()}) or when closed
     */
    public long readLag() {
        return engine.readLag();
    }

    /** A snapshot of this reader's counters and state. */
    public ReaderStats stats() {
        return engine.stats();
    }

    /**
     * Stops the reader: blocked and later reads fail with {@link IllegalStateException} at once;
     * in group mode pending commits are flushed (retried for up to
     * {@link ReaderConfig#operationTimeout()}) and the member leaves the group (a static member
     * stays, so its partitions wait for it until the session times out). Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "Reader[" + engine + "]";
    }

    private static void requireReadableOffset(long offset) {
        if (offset < 0 && offset != ReaderConfig.FIRST_OFFSET && offset != ReaderConfig.LAST_OFFSET) {
            throw new IllegalArgumentException("offset must be >= 0, FIRST_OFFSET or LAST_OFFSET, got " + offset);
        }
    }
}
