package io.kafkago.internal.reader;

import io.kafkago.Message;
import io.kafkago.ReaderStats;
import io.kafkago.TopicPartition;
import io.kafkago.internal.group.PendingCommit;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@code Reader} does, one implementation per way of choosing partitions: {@link PartitionReaderEngine} reads
 * one partition from offsets the application sets, {@link GroupReaderEngine} the partitions a consumer group assigns.
 * The facade checks arguments and turns waits into exceptions; an engine refuses an operation its mode does not have
 * with an {@link IllegalStateException}, and every operation on a closed engine with one too.
 */
public interface ReaderEngine extends AutoCloseable {

    /** Waits up to {@code waitNanos} for the next message; null when none arrived in time. */
    Message next(long waitNanos) throws InterruptedException;

    /** The next message once there; cancelling the future abandons the wait. */
    CompletableFuture<Message> nextAsync();

    /** What reading (rather than fetching) {@code message} adds: a group commits it. */
    void read(Message message);

    /** The next message once there and {@linkplain #read read}; cancelling the future abandons the wait. */
    CompletableFuture<Message> nextReadAsync();

    /** Commits the offsets after {@code messages}. */
    void commit(List<Message> messages);

    /**
     * The offsets after {@code messages}, with the group generation they must be committed in, for a transaction to
     * commit; nothing is committed here.
     *
     * @throws IllegalStateException in partition mode
     * @throws io.kafkago.KafkaBrokerException ILLEGAL_GENERATION when a message belongs to a generation that ended:
     *     its partition may be another member's now, so the transaction must abort
     */
    PendingCommit transactionalCommit(List<Message> messages);

    /** Moves where the partition is read; offset is absolute or FIRST/LAST. */
    void setOffset(long offset);

    /** Moves to the first message at or after {@code time}, or the end. */
    void setOffsetAt(Instant time);

    /** Moves where {@code partition} is read; false when it is not this reader's now. */
    boolean seek(TopicPartition partition, long offset);

    /** Moves {@code partition} to the first message at or after {@code time}, or its end; false as for seek. */
    boolean seek(TopicPartition partition, Instant time);

    /**
     * Stops fetching {@code partition}, holding back what was fetched ahead of it, until {@link #resume}.
     *
     * @throws IllegalStateException when the partition is not this reader's now
     */
    void pause(TopicPartition partition);

    /** Fetches a paused partition again; nothing happens for one that is not paused. */
    void resume(TopicPartition partition);

    /** The partitions read now: the reader's partition, or those the group assigned to this member. */
    Set<TopicPartition> assignment();

    /** The partitions paused now. */
    Set<TopicPartition> paused();

    /** The next offset handed out, or -1 where offsets are per partition. */
    long offset();

    /** The offset of the next message of {@code partition} handed out (FIRST/LAST before one is known). */
    long position(TopicPartition partition);

    /** The lag of {@code partition} as of its last message handed out; -1 until known. */
    long lag(TopicPartition partition);

    /** The lag as of the last message handed out; -1 until known. */
    long lag();

    /** The lag asked of the partition leader now. */
    long readLag();

    /** Counters and gauges. */
    ReaderStats stats();

    /** Stops fetching (and leaves the group); blocked waits end at once. Idempotent. */
    @Override
    void close();
}
