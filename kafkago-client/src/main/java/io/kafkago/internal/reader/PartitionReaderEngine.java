package io.kafkago.internal.reader;

import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.ReaderStats;
import io.kafkago.TopicPartition;
import io.kafkago.internal.group.PendingCommit;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads partitions the application names (one, or several: explicit assignment) from offsets it controls; nothing is
 * fetched until the first read or {@link #setOffset}. Offsets are not committed anywhere: the application keeps its
 * positions.
 */
public final class PartitionReaderEngine implements ReaderEngine {

    private final ReaderConfig config;
    /** The partitions read, in configuration order, each with where it stands. */
    private final Map<TopicPartition, Position> positions = new LinkedHashMap<>();
    /** The same positions by topic and partition id, found without allocating on each message handed out. */
    private final Map<String, Position[]> byTopic = new HashMap<>();
    private final ReaderPipeline pipeline;
    private final AtomicBoolean started = new AtomicBoolean();

    public PartitionReaderEngine(ReaderConfig config) {
        this.config = config;
        for (TopicPartition partition : config.readPartitions()) {
            Position position = new Position(config.startOffset());
            positions.put(partition, position);
            Position[] ofTopic = byTopic.get(partition.topic());
            if (ofTopic == null || ofTopic.length <= partition.partition()) {
                Position[] grown = new Position[partition.partition() + 1];
                if (ofTopic != null) {
                    System.arraycopy(ofTopic, 0, grown, 0, ofTopic.length);
                }
                byTopic.put(partition.topic(), grown);
                ofTopic = grown;
            }
            ofTopic[partition.partition()] = position;
        }
        // one partition, the common case, spares the lookup on each message handed out
        Position only = positions.size() == 1 ? positions.values().iterator().next() : null;
        this.pipeline = new ReaderPipeline(config, message -> {
            Position position = only != null ? only : byTopic.get(message.topic())[message.partition()];
            position.next = message.offset() + 1;
            position.highWaterMark = message.highWaterMark();
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
            Map<TopicPartition, Long> start = new LinkedHashMap<>();
            positions.forEach((partition, position) -> {
                position.moveTo(offset);
                start.put(partition, offset);
            });
            return start;
        });
    }

    @Override
    public void setOffsetAt(Instant time) {
        pipeline.ensureOpen();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        positions.keySet().forEach(partition -> offsets.put(partition,
                pipeline.offsetAt(partition, time, config.isolationLevel())));
        started.set(true);
        pipeline.fetcher().assign(() -> {
            offsets.forEach((partition, offset) -> positions.get(partition).moveTo(offset));
            return offsets;
        });
    }

    @Override
    public boolean seek(TopicPartition partition, long offset) {
        Position position = require(partition);
        pipeline.ensureOpen();
        boolean first = started.compareAndSet(false, true);
        if (positions.size() == 1 || first) {
            startFromPositions(() -> position.moveTo(offset));
            return true;
        }
        return pipeline.fetcher().seek(partition, offset, () -> {
            position.moveTo(offset);
            return true;
        });
    }

    @Override
    public boolean seek(TopicPartition partition, Instant time) {
        require(partition);
        return seek(partition, pipeline.offsetAt(partition, time, config.isolationLevel()));
    }

    @Override
    public void pause(TopicPartition partition) {
        require(partition);
        ensureStarted();
        pipeline.pause(partition, () -> true);
    }

    @Override
    public void resume(TopicPartition partition) {
        require(partition);
        pipeline.resume(partition);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return positions.keySet();
    }

    @Override
    public Set<TopicPartition> paused() {
        return pipeline.fetcher().paused();
    }

    @Override
    public long offset() {
        return positions.size() == 1 ? positions.values().iterator().next().next : -1;
    }

    @Override
    public long position(TopicPartition partition) {
        return require(partition).next;
    }

    @Override
    public long lag() {
        long sum = -1;
        for (Position position : positions.values()) {
            long lag = position.lag();
            if (lag >= 0) {
                sum = Math.max(sum, 0) + lag;
            }
        }
        return sum;
    }

    @Override
    public long lag(TopicPartition partition) {
        return require(partition).lag();
    }

    @Override
    public long readLag() {
        pipeline.ensureOpen();
        long sum = 0;
        for (Map.Entry<TopicPartition, Position> entry : positions.entrySet()) {
            sum += readLag(entry.getKey(), entry.getValue().next);
        }
        return sum;
    }

    private long readLag(TopicPartition partition, long next) {
        ReaderCluster cluster = pipeline.cluster();
        long end = cluster.offsetForTime(partition, ReaderConfig.LAST_OFFSET, config.isolationLevel());
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
        return pipeline.stats(offset(), lag(), positions.size());
    }

    @Override
    public void close() {
        pipeline.close();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        positions.forEach((partition, position) -> text.append(text.isEmpty() ? "" : ", ").append("partition=")
                .append(partition).append(", offset=").append(position.next));
        return text + (pipeline.isClosed() ? ", closed" : "");
    }

    private Position require(TopicPartition partition) {
        Position position = positions.get(partition);
        if (position == null) {
            throw new IllegalArgumentException("this reader reads " + positions.keySet() + ", not " + partition);
        }
        return position;
    }

    private void ensureStarted() {
        pipeline.ensureOpen();
        if (started.compareAndSet(false, true)) {
            startFromPositions(() -> { });
        }
    }

    /**
     * Fetches every partition from its position, after {@code move} (run under the queue's lock, so no message is
     * handed out between a move and the fetch it starts).
     */
    private void startFromPositions(Runnable move) {
        pipeline.fetcher().assign(() -> {
            move.run();
            Map<TopicPartition, Long> start = new LinkedHashMap<>();
            positions.forEach((partition, position) -> start.put(partition, position.next));
            return start;
        });
    }

    /** Where one partition stands: the next offset handed out (or FIRST/LAST before the first one) and its end. */
    private static final class Position {
        volatile long next;
        /** High watermark seen with the last message handed out, -1 before. */
        volatile long highWaterMark = -1;

        Position(long next) {
            this.next = next;
        }

        void moveTo(long offset) {
            next = offset;
            highWaterMark = -1;
        }

        long lag() {
            long end = highWaterMark;
            long at = next;
            return end < 0 || at < 0 ? -1 : Math.max(0, end - at);
        }
    }
}
