package io.kafkago.internal.reader;

import io.kafkago.ErrorCode;
import io.kafkago.KafkaBrokerException;
import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.ReaderStats;
import io.kafkago.TopicPartition;
import io.kafkago.internal.group.CommitLedger;
import io.kafkago.GroupProtocol;
import io.kafkago.internal.group.ClassicMembership;
import io.kafkago.internal.group.ConsumerProtocolMembership;
import io.kafkago.internal.group.GroupCommitter;
import io.kafkago.internal.group.GroupMembership;
import io.kafkago.internal.group.PendingCommit;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reads the partitions a consumer group assigns to this member, through the {@link GroupMembership} of the configured
 * protocol ({@link ClassicMembership} or {@link ConsumerProtocolMembership}); joins at once. Reading a message commits it, synchronously or, with a commit interval, in
 * the next periodic commit; commits are fenced by generation through the {@link CommitLedger}.
 */
public final class GroupReaderEngine implements ReaderEngine {

    private final ReaderConfig config;
    private final CommitLedger ledger = new CommitLedger();
    private final ReaderPipeline pipeline;
    private final GroupMembership group;
    private final GroupCommitter committer;

    public GroupReaderEngine(ReaderConfig config) {
        this.config = config;
        this.pipeline = new ReaderPipeline(config, ledger::delivered);
        PrefetchQueue<Message> queue = pipeline.queue();
        Consumer<RuntimeException> reportFailure = failure -> queue.putFailure(queue.epoch(), failure);
        this.group = config.groupProtocol() == GroupProtocol.CONSUMER
                ? new ConsumerProtocolMembership(config, pipeline.cluster(), pipeline.fetcher(), ledger,
                        pipeline.metrics(), reportFailure)
                : new ClassicMembership(config, pipeline.cluster(), pipeline.fetcher(), ledger, pipeline.metrics(),
                        reportFailure);
        this.committer = group.committer();
        group.start();
    }

    @Override
    public Message next(long waitNanos) throws InterruptedException {
        return pipeline.next(waitNanos);
    }

    @Override
    public CompletableFuture<Message> nextAsync() {
        return pipeline.nextAsync();
    }

    @Override
    public void read(Message message) {
        if (committedPeriodically()) {
            stash(message); // the hot path of readMessage: nothing allocated per message
            return;
        }
        commit(List.of(message));
    }

    @Override
    public CompletableFuture<Message> nextReadAsync() {
        CompletableFuture<Message> next = nextAsync();
        CompletableFuture<Message> result = next.thenCompose(message -> readAsync(message).thenApply(ignored -> message));
        result.whenComplete((message, error) -> {
            if (result.isCancelled()) {
                next.cancel(false);
            }
        });
        return result;
    }

    private CompletableFuture<Void> readAsync(Message message) {
        if (committedPeriodically()) {
            stash(message);
            return CompletableFuture.completedFuture(null);
        }
        PendingCommit commit = select(List.of(message));
        return commit == null || commit.isEmpty() ? CompletableFuture.completedFuture(null) : committer.commitAsync(commit);
    }

    @Override
    public void commit(List<Message> messages) {
        if (committedPeriodically()) {
            for (Message message : messages) {
                stash(message);
            }
            return;
        }
        PendingCommit commit = select(messages);
        if (commit != null && !commit.isEmpty()) {
            committer.commit(commit);
        }
    }

    @Override
    public void setOffset(long offset) {
        throw notInGroupMode("setOffset");
    }

    @Override
    public void setOffsetAt(Instant time) {
        throw notInGroupMode("setOffsetAt");
    }

    @Override
    public boolean seek(TopicPartition partition, long offset) {
        pipeline.ensureOpen();
        return pipeline.fetcher().seek(partition, offset, () -> ledger.seek(partition, offset));
    }

    @Override
    public boolean seek(TopicPartition partition, Instant time) {
        return seek(partition, pipeline.offsetAt(partition, time, config.isolationLevel()));
    }

    @Override
    public void pause(TopicPartition partition) {
        pipeline.pause(partition, () -> ledger.isAssigned(partition));
    }

    @Override
    public void resume(TopicPartition partition) {
        pipeline.resume(partition);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return group.assignment();
    }

    @Override
    public Set<TopicPartition> paused() {
        return pipeline.fetcher().paused();
    }

    @Override
    public long offset() {
        return -1;
    }

    @Override
    public long lag() {
        return ledger.lag();
    }

    @Override
    public long position(TopicPartition partition) {
        pipeline.ensureOpen();
        long position = ledger.position(partition);
        if (position == CommitLedger.NOT_ASSIGNED) {
            throw new IllegalStateException(partition + " is not assigned to this member");
        }
        return position;
    }

    @Override
    public long lag(TopicPartition partition) {
        pipeline.ensureOpen();
        if (!ledger.isAssigned(partition)) {
            throw new IllegalStateException(partition + " is not assigned to this member");
        }
        return ledger.lag(partition);
    }

    @Override
    public long readLag() {
        throw notInGroupMode("readLag");
    }

    @Override
    public ReaderStats stats() {
        return pipeline.stats(offset(), lag(), group.assignment().size());
    }

    @Override
    public void close() {
        pipeline.close(group::close);
    }

    @Override
    public String toString() {
        return "group=" + config.groupId() + ", topics=" + (config.groupTopicPattern() != null ? config.groupTopicPattern() : config.topics()) + (pipeline.isClosed() ? ", closed" : "");
    }

    private boolean committedPeriodically() {
        return !config.commitInterval().isZero();
    }

    private void stash(Message message) {
        pipeline.ensureOpen();
        if (!ledger.stash(message)) {
            pipeline.metrics().recordStaleCommits(1);
        }
    }

    @Override
    public PendingCommit transactionalCommit(List<Message> messages) {
        PendingCommit commit = select(messages);
        if (commit == null || commit.skippedMessages() > 0) {
            throw new KafkaBrokerException(ErrorCode.ILLEGAL_GENERATION, "committing offsets in a transaction for"
                    + " group " + config.groupId() + ": messages of a generation that ended (a rebalance may have given"
                    + " their partitions to another member); abort the transaction");
        }
        return commit;
    }

    private PendingCommit select(List<Message> messages) {
        pipeline.ensureOpen();
        PendingCommit commit = ledger.select(messages);
        if (commit == null) {
            pipeline.metrics().recordStaleCommits(messages.size());
        } else if (commit.skippedMessages() > 0) {
            pipeline.metrics().recordStaleCommits(commit.skippedMessages());
        }
        return commit;
    }

    private static IllegalStateException notInGroupMode(String operation) {
        return new IllegalStateException(operation + " is not available in group mode: the group decides offsets");
    }
}
