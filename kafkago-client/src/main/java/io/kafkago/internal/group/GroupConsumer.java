package io.kafkago.internal.group;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.PartitionsListener;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.reader.Fetcher;
import io.kafkago.internal.reader.ReaderCluster;
import io.kafkago.internal.reader.ReaderMetrics;
import io.kafkago.internal.Backoff;
import io.kafkago.internal.BoundedRetry;
import io.kafkago.network.Failures;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.HeartbeatRequest;
import io.kafkago.protocol.message.HeartbeatResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Reader's membership in a consumer group (classic protocol), run by one thread per reader:
 * join and sync ({@link GroupJoiner}), then, for the life of the generation, heartbeats on their
 * own schedule, periodic commits (with a commit interval) and, on the leader, a watch for new
 * partitions. When the generation ends (a rebalance, the member was fenced, or close), fetching
 * stops, pending commits of the generation are flushed with its ids while they can still be
 * accepted, the revoke listener runs, and the member joins again.
 *
 * <p>Because heartbeats run on this thread, a slow application never gets the member removed:
 * the coordinator only sees it gone if the whole reader stops. For the same reason the periodic
 * commit is sent without waiting for it: its retries (through a coordinator failover, say) do not
 * hold up heartbeats.
 *
 * <p>Commits and committed-offset lookups are retried, with back-off and up to
 * {@code operationTimeout}, through errors a retry may fix: the coordinator loading, moving (it is
 * looked up again) or unreachable. Errors that end the generation are never retried: the offsets
 * belong to a generation the coordinator has closed, and sending them with a later one could skip
 * messages the new generation has not delivered.
 */
public final class GroupConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupConsumer.class);

    private final ReaderConfig config;
    private final ReaderCluster cluster;
    private final Fetcher fetcher;
    private final CommitLedger ledger;
    private final ReaderMetrics metrics;
    private final CoordinatorClient coordinator;
    private final GroupJoiner joiner;
    private final Backoff backoff;
    private final BoundedRetry retry;
    private final Consumer<RuntimeException> reportFailure;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean rejoinRequested;
    private volatile Set<TopicPartition> assigned = Set.of();
    /** Partitions of the last generation, sent as "owned" in the next subscription (group thread only). */
    private Set<TopicPartition> lastOwned = Set.of();
    /** The periodic commit being sent (group thread, then close): one at a time, so none overtakes another. */
    private volatile CompletableFuture<Void> periodicCommit = CompletableFuture.completedFuture(null);
    /** What {@link #periodicCommit} carries, until its outcome is known. */
    private volatile PendingCommit periodicPending;

    /**
     * @param config        reader settings (group id, topics, timeouts, balancers, listeners)
     * @param cluster       connections and metadata
     * @param fetcher       the fetch loop to point at each generation's partitions
     * @param ledger        commit bookkeeping shared with the reader
     * @param metrics       counters
     * @param reportFailure hands an error the application must see to the next read
     */
    public GroupConsumer(ReaderConfig config, ReaderCluster cluster, Fetcher fetcher, CommitLedger ledger,
                         ReaderMetrics metrics, Consumer<RuntimeException> reportFailure) {
        this.config = config;
        this.cluster = cluster;
        this.fetcher = fetcher;
        this.ledger = ledger;
        this.metrics = metrics;
        this.reportFailure = reportFailure;
        this.coordinator = new CoordinatorClient(config.groupId(), cluster.controlPool());
        this.joiner = new GroupJoiner(config, cluster, coordinator);
        this.backoff = new Backoff(config.readBackoffMin(), config.readBackoffMax());
        this.retry = new BoundedRetry(config.operationTimeout(), backoff);
        this.thread = new Thread(this::run, "kafkago-reader-group-" + config.groupId());
        this.thread.setDaemon(true);
    }

    /** Starts joining the group. */
    public void start() {
        thread.start();
    }

    /** Number of partitions assigned in the current generation. */
    public int assignedPartitionCount() {
        return assigned.size();
    }

    /**
     * Commits now with the commit's generation ids, retrying retriable errors for up to
     * {@code operationTimeout}. If the generation has ended meanwhile the offsets are dropped
     * (counted as stale commits): the messages will be delivered again to the partitions' owner.
     *
     * @throws io.kafkago.KafkaTimeoutException when the coordinator did not take the commit in time
     * @throws KafkaException                   when the coordinator refused the commit for another reason
     */
    public void commit(PendingCommit commit) {
        BoundedRetry.await(commitAsync(commit), "committing offsets of group " + config.groupId());
    }

    /** {@link #commit} without blocking; cancelling the future stops the retries. */
    public CompletableFuture<Void> commitAsync(PendingCommit commit) {
        return retry.run("committing offsets of group " + config.groupId(), timeLeft -> superseded(commit)
                ? CompletableFuture.completedFuture(stale(commit, "a later generation began"))
                : coordinator.commitOffsets(commit, requestTimeout(timeLeft)).handle((ok, error) -> settle(commit, error)),
                this::worthRetrying);
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
        if (!GroupErrors.generationEnded(CoordinatorClient.errorOf(failure))) {
            throw new CompletionException(failure);
        }
        if (ledger.generation() == commit.generation()) {
            requestRejoin(); // the coordinator ended it before this member noticed
        }
        return stale(commit, failure.toString());
    }

    private Void stale(PendingCommit commit, String why) {
        log.info("group {}: generation {} ended before its commit of {} messages: {}", config.groupId(),
                commit.generation().generationId(), commit.messages(), why);
        metrics.recordStaleCommits(commit.messages());
        return null;
    }

    /** Whether a later generation has begun: the commit can no longer be applied, retrying it is pointless. */
    private boolean superseded(PendingCommit commit) {
        Generation current = ledger.generation();
        return current != null && current != commit.generation();
    }

    /** Counts a failed attempt and tells whether another one may succeed (never once the reader closed). */
    private boolean worthRetrying(Throwable failure) {
        metrics.recordError();
        return !cluster.isClosed() && CoordinatorClient.isRetriable(failure);
    }

    /** A request's timeout: the configured one, or less when the operation has less time left. */
    private Duration requestTimeout(Duration timeLeft) {
        return timeLeft.compareTo(config.dialer().requestTimeout()) < 0 ? timeLeft : config.dialer().requestTimeout();
    }

    /** Asks the group thread to rejoin (a commit found the generation ended). */
    private void requestRejoin() {
        rejoinRequested = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try {
                Generation generation = joiner.joinAndSync(lastOwned);
                failures = 0;
                rejoinRequested = false;
                begin(generation);
                boolean stillValid = maintain(generation);
                end(stillValid);
            } catch (KafkaInterruptedException e) {
                break; // close() interrupts this thread
            } catch (KafkaException e) {
                if (closed) {
                    break;
                }
                failures++;
                metrics.recordError();
                end(false);
                if (mustBeReported(e)) {
                    reportFailure.accept(e);
                }
                log.warn("group {}: membership failed (attempt {}), joining again: {}", config.groupId(), failures,
                        e.toString());
                if (!pause(failures == 1 ? backoff.delayNanos(1) : config.joinGroupBackoff().toNanos())) {
                    break;
                }
            }
        }
    }

    /**
     * Whether the application must hear of a membership failure while joining goes on: refused credentials
     * or permissions, and any other error no retry fixes; a coordinator moving or a lost connection is not.
     */
    private static boolean mustBeReported(KafkaException failure) {
        if (Failures.accessDenied(failure) != null) {
            return true;
        }
        return failure instanceof KafkaBrokerException broker && !broker.retriable()
                && !CoordinatorClient.isCoordinatorError(broker.errorCode());
    }

    private void begin(Generation generation) {
        List<TopicPartition> partitions = generation.assignment();
        Map<TopicPartition, Long> committed = partitions.isEmpty() ? Map.of() : committedOffsets(partitions);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long offset = committed.get(tp);
            start.put(tp, offset == null || offset < 0 ? config.startOffset() : offset);
        }
        // in one step with the fetch reset, so a seek sees the generation and the fetcher's partitions agree
        fetcher.assign(() -> {
            ledger.beginGeneration(generation, start);
            return start;
        });
        assigned = Set.copyOf(partitions);
        metrics.recordRebalance();
        log.info("group {}: generation {} assigned {} to member {}", config.groupId(), generation.generationId(),
                partitions, generation.memberId());
        notifyListener(config.onPartitionsAssigned(), assigned, "onPartitionsAssigned");
    }

    /** OffsetFetch, retrying retriable errors (coordinator loading or moving, unstable offsets) for up to operationTimeout. */
    private Map<TopicPartition, Long> committedOffsets(List<TopicPartition> partitions) {
        String what = "fetching committed offsets of group " + config.groupId();
        return BoundedRetry.await(retry.run(what,
                timeLeft -> coordinator.fetchOffsets(partitions, requestTimeout(timeLeft)), this::worthRetrying), what);
    }

    /**
     * Heartbeats and commits until the generation ends.
     *
     * @return true when the generation is still valid for commits (a rebalance is starting or
     *         the reader closes), false when the member was fenced or lost the coordinator for a
     *         whole session
     */
    private boolean maintain(Generation generation) {
        long now = System.nanoTime();
        long heartbeatInterval = config.heartbeatInterval().toNanos();
        long commitInterval = config.commitInterval().toNanos();
        long watchInterval = config.partitionWatchInterval().toNanos();
        boolean watch = config.watchPartitionChanges() && joiner.isLeader();
        long nextHeartbeat = now + heartbeatInterval;
        long nextCommit = commitInterval > 0 ? now + commitInterval : Long.MAX_VALUE;
        long nextWatch = watch ? now + watchInterval : Long.MAX_VALUE;
        long lastHeartbeatAck = now;
        while (!closed) {
            if (rejoinRequested) {
                return false;
            }
            now = System.nanoTime();
            if (now - nextCommit >= 0) {
                flushStash();
                nextCommit = now + commitInterval;
            }
            if (now - nextHeartbeat >= 0) {
                ErrorCode result = heartbeat(generation);
                if (result == ErrorCode.NONE) {
                    lastHeartbeatAck = System.nanoTime();
                } else if (result == ErrorCode.REBALANCE_IN_PROGRESS) {
                    log.info("group {}: rebalance started, rejoining", config.groupId());
                    return true;
                } else if (GroupErrors.generationEnded(result)) {
                    log.info("group {}: member {} left generation {}: {}", config.groupId(), generation.memberId(),
                            generation.generationId(), result);
                    joiner.forget(result);
                    return false;
                } else if (System.nanoTime() - lastHeartbeatAck > config.sessionTimeout().toNanos()) {
                    log.warn("group {}: no heartbeat acknowledged for a whole session, rejoining", config.groupId());
                    return false;
                }
                nextHeartbeat = System.nanoTime() + (result == ErrorCode.NONE ? heartbeatInterval
                        : Math.min(heartbeatInterval, backoff.delayNanos(1)));
            }
            if (now - nextWatch >= 0) {
                if (joiner.partitionsChanged()) {
                    log.info("group {}: partitions of {} changed, rebalancing", config.groupId(), config.topics());
                    return true;
                }
                nextWatch = System.nanoTime() + watchInterval;
            }
            long wait = Math.min(nextHeartbeat, Math.min(nextCommit, nextWatch)) - System.nanoTime();
            if (!pause(wait)) {
                return true;
            }
        }
        return true;
    }

    private ErrorCode heartbeat(Generation generation) {
        HeartbeatRequest request = new HeartbeatRequest()
                .setGroupId(config.groupId())
                .setGenerationId(generation.generationId())
                .setMemberId(generation.memberId())
                .setGroupInstanceId(generation.groupInstanceId());
        try {
            HeartbeatResponse response = coordinator.call(request, (short) -1, config.dialer().requestTimeout(), "heartbeat");
            ErrorCode error = ErrorCode.forCode(response.errorCode());
            if (CoordinatorClient.isCoordinatorError(error)) {
                coordinator.forgetCoordinator();
            }
            return error;
        } catch (KafkaInterruptedException e) {
            throw e;
        } catch (KafkaException e) {
            metrics.recordError();
            log.debug("group {}: heartbeat failed: {}", config.groupId(), e.toString());
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
    }

    /**
     * Sends what the application stashed, unless the last periodic commit is still being retried
     * (its offsets and the newer ones then go together next time). A commit that finds the
     * generation ended asks for a rejoin, which wakes {@link #maintain}.
     */
    private void flushStash() {
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

    /** Ends the current generation: stop fetching, flush (if still valid) and tell the listener. */
    private void end(boolean stillValid) {
        if (stillValid) {
            awaitQuietly(periodicCommit);
        } else {
            periodicCommit.cancel(false);
        }
        takeBackFailedPeriodicCommit();
        AtomicReference<PendingCommit> ended = new AtomicReference<>();
        fetcher.assign(() -> {
            ended.set(ledger.endGeneration());
            return Map.of();
        });
        PendingCommit pending = ended.get();
        if (pending != null && !pending.isEmpty()) {
            if (stillValid) {
                try {
                    commit(pending);
                } catch (KafkaInterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (KafkaException e) {
                    log.warn("group {}: final commit of generation {} failed: {}", config.groupId(),
                            pending.generation().generationId(), e.toString());
                }
            } else {
                metrics.recordStaleCommits(pending.messages());
            }
        }
        Set<TopicPartition> revoked = assigned;
        assigned = Set.of();
        if (stillValid) {
            lastOwned = revoked;
        } else {
            lastOwned = Set.of(); // fenced: the partitions may already belong to someone else
        }
        if (!revoked.isEmpty()) {
            notifyListener(config.onPartitionsRevoked(), revoked, "onPartitionsRevoked");
        }
    }

    /**
     * Leaves the group after flushing commits (waiting for the group thread's final commit as long as its retries may
     * take, plus one request); a static member stays registered. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(config.operationTimeout().plus(config.dialer().requestTimeout()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean interrupted = Thread.interrupted();
        try {
            end(true);
            joiner.leave();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for a commit whose failure is handled elsewhere; an interrupt (close) abandons it. */
    private void awaitQuietly(CompletableFuture<Void> commit) {
        try {
            BoundedRetry.await(commit, "committing offsets of group " + config.groupId());
        } catch (KafkaInterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            // the commit failed: takeBackFailedPeriodicCommit stashes its offsets again
        }
    }

    private void notifyListener(PartitionsListener listener, Set<TopicPartition> partitions, String name) {
        try {
            listener.onPartitions(partitions);
        } catch (RuntimeException e) {
            log.error("group {}: {} listener failed", config.groupId(), name, e);
        }
    }

    /** Waits up to {@code nanos} or until a rejoin is requested; false when interrupted (closing). */
    private boolean pause(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        synchronized (signal) {
            if (rejoinRequested || closed) {
                return !closed;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(signal, nanos);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }
}
