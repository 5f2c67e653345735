package io.kafkago.internal.group;

import io.kafkago.ErrorCode;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.internal.BoundedRetry;
import io.kafkago.internal.reader.ReaderCluster;
import io.kafkago.internal.reader.ReaderMetrics;
import io.kafkago.network.Failures;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group member's offset commits and committed-offset lookups, whichever protocol it speaks.
 *
 * <p>Both are retried, with back-off and up to {@code operationTimeout}, through errors a retry may fix: the
 * coordinator loading, moving (it is looked up again) or unreachable, or a member epoch that moved on while the
 * commit was on its way. Each attempt is {@linkplain CommitLedger#rebase rebased} on the member's generation of the
 * moment: sent with its ids, for the partitions the member kept since the commit was selected. Errors that end the
 * generation are never retried: the offsets belong to a generation the coordinator has closed, and sending them with
 * a later one could skip messages the new generation has not delivered.
 *
 * <p>With a commit interval, the member's thread {@linkplain #flushStash flushes the stash} without waiting for the
 * outcome, so a commit's retries (through a coordinator failover, say) never hold up heartbeats.
 */
public final class GroupCommitter {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    private final ReaderConfig config;
    private final ReaderCluster cluster;
    private final CommitLedger ledger;
    private final ReaderMetrics metrics;
    private final CoordinatorClient coordinator;
    private final BoundedRetry retry;
    private final Consumer<RuntimeException> reportFailure;
    private final Runnable rebalanceStarted;
    private final Runnable generationEnded;
    private final boolean cooperative;
    private volatile boolean leaving;
    /** The periodic commit being sent (member thread, then close): one at a time, so none overtakes another. */
    private volatile CompletableFuture<Void> periodicCommit = CompletableFuture.completedFuture(null);
    /** What {@link #periodicCommit} carries, until its outcome is known. */
    private volatile PendingCommit periodicPending;

    /**
     * @param reportFailure   hands an error the application must see to the next read
     * @param rebalanceStarted told when the coordinator refused a commit of the open generation because a rebalance
     *                        began: the member rejoins at once instead of at its next heartbeat (the generation is
     *                        still valid for the commits that give partitions up)
     * @param generationEnded told when the coordinator refused a commit of the open generation because it ended
     * @param cooperative     whether the member keeps partitions through a rebalance (cooperative classic
     *                        protocol): a commit refused because a rebalance is under way, or just completed, then
     *                        waits for the next generation and is sent with its ids for the partitions kept
     */
    GroupCommitter(ReaderConfig config, ReaderCluster cluster, CommitLedger ledger, ReaderMetrics metrics,
                   CoordinatorClient coordinator, Consumer<RuntimeException> reportFailure, Runnable rebalanceStarted,
                   Runnable generationEnded, boolean cooperative) {
        this.config = config;
        this.cluster = cluster;
        this.ledger = ledger;
        this.metrics = metrics;
        this.coordinator = coordinator;
        this.reportFailure = reportFailure;
        this.rebalanceStarted = rebalanceStarted;
        this.generationEnded = generationEnded;
        this.cooperative = cooperative;
        this.retry = new BoundedRetry(config.operationTimeout(), new Backoff(config.readBackoffMin(),
                config.readBackoffMax()));
    }

    /**
     * Commits now, retrying retriable errors for up to {@code operationTimeout}. If the partitions went elsewhere
     * meanwhile their offsets are dropped (counted as stale commits): the messages will be delivered again to the
     * partitions' owner.
     *
     * @throws io.kafkago.KafkaTimeoutException when the coordinator did not take the commit in time
     * @throws KafkaException                   when the coordinator refused the commit for another reason
     */
    public void commit(PendingCommit commit) {
        BoundedRetry.await(commitAsync(commit), what());
    }

    /** {@link #commit} without blocking; cancelling the future stops the retries. */
    public CompletableFuture<Void> commitAsync(PendingCommit commit) {
        return retry.run(what(), timeLeft -> {
            PendingCommit current = ledger.rebase(commit);
            if (current == null) {
                return CompletableFuture.completedFuture(stale(commit, "its partitions were reassigned"));
            }
            return coordinator.commitOffsets(current, requestTimeout(timeLeft))
                    .handle((ok, error) -> settle(current, error));
        }, this::worthRetrying);
    }

    /**
     * Where each partition starts: its committed offset, or the start-offset policy where none is committed. The
     * lookup is retried as commits are.
     */
    Map<TopicPartition, Long> startOffsets(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        String what = "fetching committed offsets of group " + config.groupId();
        Map<TopicPartition, Long> committed = BoundedRetry.await(retry.run(what,
                timeLeft -> coordinator.fetchOffsets(partitions, requestTimeout(timeLeft)), this::worthRetrying), what);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long offset = committed.get(tp);
            start.put(tp, offset == null || offset < 0 ? config.startOffset() : offset);
        }
        return start;
    }

    /**
     * Books a commit attempt's outcome: accepted, or refused because its generation ended (then the
     * commit is over too: never sent again, counted as stale); any other failure goes on to the retry.
     */
    private Void settle(PendingCommit commit, Throwable error) {
        if (error == null) {
            ledger.committed(commit);
            metrics.recordCommit();
            return null;
        }
        Throwable failure = Failures.unwrap(error);
        ErrorCode code = CoordinatorClient.errorOf(failure);
        boolean current = ledger.generation() == commit.generation();
        if (code == ErrorCode.REBALANCE_IN_PROGRESS && current) {
            rebalanceStarted.run(); // the coordinator began one before this member's heartbeat noticed
        }
        if (!GroupErrors.generationEnded(code) || waitsForNextGeneration(failure)) {
            throw new CompletionException(failure);
        }
        if (current && code != ErrorCode.REBALANCE_IN_PROGRESS) {
            generationEnded.run(); // the coordinator ended it before this member noticed
        }
        return stale(commit, failure.toString());
    }

    private Void stale(PendingCommit commit, String why) {
        log.info("group {}: generation {} ended before its commit of {} messages: {}", config.groupId(),
                commit.generation().generationId(), commit.messages(), why);
        metrics.recordStaleCommits(commit.messages());
        return null;
    }

    /** Counts a failed attempt and tells whether another one may succeed (never once the reader closed). */
    private boolean worthRetrying(Throwable failure) {
        metrics.recordError();
        return !cluster.isClosed() && (CoordinatorClient.isRetriable(failure) || waitsForNextGeneration(failure));
    }

    /**
     * A cooperative member's commit refused by a rebalance: the next generation keeps most of its partitions. Never
     * once the member is leaving: no next generation comes.
     */
    private boolean waitsForNextGeneration(Throwable failure) {
        ErrorCode error = CoordinatorClient.errorOf(failure);
        return cooperative && !leaving
                && (error == ErrorCode.REBALANCE_IN_PROGRESS || error == ErrorCode.ILLEGAL_GENERATION);
    }

    /** The member is leaving the group: commits stop waiting for a next generation. */
    void leaving() {
        leaving = true;
    }

    /** A request's timeout: the configured one, or less when the operation has less time left. */
    private Duration requestTimeout(Duration timeLeft) {
        return timeLeft.compareTo(config.dialer().requestTimeout()) < 0 ? timeLeft : config.dialer().requestTimeout();
    }

    /**
     * Sends what the application stashed, unless the last periodic commit is still being retried
     * (its offsets and the newer ones then go together next time).
     */
    void flushStash() {
        if (!periodicCommit.isDone()) {
            return;
        }
        takeBackFailedPeriodicCommit();
        PendingCommit pending = ledger.drainStash();
        if (pending != null && !pending.isEmpty()) {
            periodicPending = pending;
            periodicCommit = commitAsync(pending);
        }
    }

    /**
     * Ends the periodic commit before the member gives partitions up: waits for its outcome while the generation can
     * still take it ({@code stillValid}), or cancels it; a failed one goes back into the stash.
     */
    void settlePeriodicCommit(boolean stillValid) {
        if (stillValid) {
            awaitQuietly(periodicCommit);
        } else {
            periodicCommit.cancel(false);
        }
        takeBackFailedPeriodicCommit();
    }

    /**
     * Commits what a generation left pending when it ended ({@link CommitLedger#endGeneration()}) while the
     * coordinator may still accept it; a fenced member's offsets are only counted as stale.
     */
    void commitFinal(PendingCommit pending, boolean stillValid) {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        if (!stillValid) {
            metrics.recordStaleCommits(pending.messages());
            return;
        }
        try {
            commit(pending);
        } catch (KafkaInterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            log.warn("group {}: final commit of generation {} failed: {}", config.groupId(),
                    pending.generation().generationId(), e.toString());
        }
    }

    /**
     * Puts the offsets of a finished periodic commit that failed back into the stash, so the next
     * commit carries them; an error no retry fixes (authorization) goes to the application too.
     */
    private void takeBackFailedPeriodicCommit() {
        PendingCommit pending = periodicPending;
        if (pending == null) {
            return;
        }
        periodicPending = null;
        try {
            periodicCommit.join();
        } catch (CancellationException | CompletionException e) {
            Throwable failure = Failures.unwrap(e);
            log.warn("group {}: periodic commit failed, its offsets wait for the next one: {}", config.groupId(),
                    failure.toString());
            ledger.stash(pending);
            if (failure instanceof KafkaException kafka && mustBeReported(kafka)) {
                reportFailure.accept(kafka);
            }
        }
    }

    /** Waits for a commit whose failure is handled elsewhere; an interrupt (close) abandons it. */
    private void awaitQuietly(CompletableFuture<Void> commit) {
        try {
            BoundedRetry.await(commit, what());
        } catch (KafkaInterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            // the commit failed: takeBackFailedPeriodicCommit stashes its offsets again
        }
    }

    /**
     * Whether the application must hear of a membership or commit failure while the member goes on: refused
     * credentials or permissions, and any other error no retry fixes; a coordinator moving or a lost connection is not.
     */
    static boolean mustBeReported(KafkaException failure) {
        if (Failures.accessDenied(failure) != null) {
            return true;
        }
        return failure instanceof KafkaBrokerException broker && !broker.retriable()
                && !CoordinatorClient.isCoordinatorError(broker.errorCode());
    }

    private String what() {
        return "committing offsets of group " + config.groupId();
    }
}
