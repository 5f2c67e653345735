package io.kafkago.internal.reader;

import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.ReaderStats;
import io.kafkago.TopicPartition;
import io.kafkago.internal.group.PendingCommit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one partition from an offset the application controls; nothing is fetched until the first read or
 * {@link #setOffset}. Offsets are not committed anywhere: the application keeps its position.
 */
public final class PartitionReaderEngine implements ReaderEngine {

    private final ReaderConfig config;
    private final TopicPartition partition;
    private final ReaderPipeline pipeline;
    private final AtomicBoolean started = new AtomicBoolean();
    /** Offset of the next message to hand out (or FIRST/LAST before the first one). */
    private volatile long nextOffset;
    /** High watermark seen with the last message handed out, -1 before. */
    private volatile long highWaterMark = -1;

    public PartitionReaderEngine(ReaderConfig config) {
        this.config = config;
        this.partition = new TopicPartition(config.topic(), config.partition());
        this.nextOffset = config.startOffset();
        this.pipeline = new ReaderPipeline(config, message -> {
            nextOffset = message.offset() + 1;
            highWaterMark = message.highWaterMark();
        });
    }

    @Override
    public Message next(long waitNanos) throws InterruptedException {
        ensureStarted();
        return pipeline.next(waitNanos);
    }

    @Override
    public CompletableFuture<Message> nextAsync() {
        ensureStarted();
        return pipeline.nextAsync();
    }

    @Override
    public void read(Message message) {
        // nothing to commit: the position moved when the message was handed out
    }

    @Override
    public CompletableFuture<Message> nextReadAsync() {
        return nextAsync(); // reading adds nothing to fetching here
    }

    @Override
    public void commit(List<Message> messages) {
        throw new IllegalStateException("commitMessages needs a consumer group: set ReaderConfig.groupId");
    }

    @Override
    public PendingCommit transactionalCommit(List<Message> messages) {
        throw new IllegalStateException("committing offsets in a transaction needs a consumer group: set"
                + " ReaderConfig.groupId");
    }

    @Override
    public void setOffset(long offset) {
        pipeline.ensureOpen();
        started.set(true);
        pipeline.fetcher().assign(() -> {
            nextOffset = offset;
            highWaterMark = -1;
            return Map.of(partition, offset);
        });
    }

    @Override
    public void setOffsetAt(Instant time) {
        setOffset(pipeline.offsetAt(partition, time, config.isolationLevel()));
    }

    @Override
    public boolean seek(TopicPartition partition, long offset) {
        requireOwn(partition);
        setOffset(offset);
        return true;
    }

    @Override
    public boolean seek(TopicPartition partition, Instant time) {
        requireOwn(partition);
        setOffsetAt(time);
        return true;
    }

    @Override
    public void pause(TopicPartition partition) {
        requireOwn(partition);
        ensureStarted();
        pipeline.pause(partition, () -> true);
    }

    @Override
    public void resume(TopicPartition partition) {
        requireOwn(partition);
        pipeline.resume(partition);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of(partition);
    }

    @Override
    public Set<TopicPartition> paused() {
        return pipeline.fetcher().paused();
    }

    private void requireOwn(TopicPartition partition) {
        if (!partition.equals(this.partition)) {
            throw new IllegalArgumentException("this reader reads " + this.partition + ", not " + partition);
        }
    }

    @Override
    public long offset() {
        return nextOffset;
    }

    @Override
    public long lag() {
        long end = highWaterMark;
        long next = nextOffset;
        return end < 0 || next < 0 ? -1 : Math.max(0, end - next);
    }

    @Override
    public long readLag() {
        pipeline.ensureOpen();
        ReaderCluster cluster = pipeline.cluster();
        long end = cluster.offsetForTime(partition, ReaderConfig.LAST_OFFSET, config.isolationLevel());
        long next = nextOffset;
        if (next == ReaderConfig.LAST_OFFSET) {
            return 0;
        }
        if (next == ReaderConfig.FIRST_OFFSET) {
            next = cluster.offsetForTime(partition, ReaderConfig.FIRST_OFFSET, config.isolationLevel());
        }
        return Math.max(0, end - next);
    }

    @Override
    public ReaderStats stats() {
        return pipeline.stats(offset(), lag(), 1);
    }

    @Override
    public void close() {
        pipeline.close();
    }

    @Override
    public String toString() {
        return "partition=" + partition + ", offset=" + nextOffset + (pipeline.isClosed() ? ", closed" : "");
    }

    private void ensureStarted() {
        pipeline.ensureOpen();
        if (started.compareAndSet(false, true)) {
            long offset = nextOffset;
            pipeline.fetcher().assign(() -> Map.of(partition, offset));
        }
    }
}
