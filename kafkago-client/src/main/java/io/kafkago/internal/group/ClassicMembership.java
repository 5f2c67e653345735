package io.kafkago.internal.group;

import io.kafkago.GroupBalancer;
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
 * A Reader's membership in a consumer group with the classic protocol, run by one thread per reader:
 * join and sync ({@link GroupJoiner}), then, for the life of the generation, heartbeats on their
 * own schedule, periodic commits (with a commit interval) and, on the leader, a watch for new
 * partitions. When the generation ends (a rebalance, the member was fenced, or close), fetching
 * stops, pending commits of the generation are flushed with its ids while they can still be
 * accepted, the revoke listener runs, and the member joins again.
 *
 * <p>Because heartbeats run on this thread, a slow application never gets the member removed:
 * the coordinator only sees it gone if the whole reader stops. Commits go through the
 * {@link GroupCommitter}.
 */
public final class ClassicMembership implements GroupMembership {

    private static final Logger log = LoggerFactory.getLogger(ClassicMembership.class);

    private final ReaderConfig config;
    private final Fetcher fetcher;
    private final CommitLedger ledger;
    private final ReaderMetrics metrics;
    private final CoordinatorClient coordinator;
    private final GroupJoiner joiner;
    private final GroupCommitter committer;
    private final AssignmentSteps steps;
    private final Backoff backoff;
    private final Consumer<RuntimeException> reportFailure;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean rejoinRequested;
    private volatile Set<TopicPartition> assigned = Set.of();
    /** Whether every balancer offered is cooperative: rebalances then move only the partitions that change owner. */
    private final boolean cooperative;

    /**
     * @param config        reader settings (group id, topics, timeouts, balancers, listeners)
     * @param cluster       connections and metadata
     * @param fetcher       the fetch loop to point at each generation's partitions
     * @param ledger        commit bookkeeping shared with the reader
     * @param metrics       counters
     * @param reportFailure hands an error the application must see to the next read
     */
    public ClassicMembership(ReaderConfig config, ReaderCluster cluster, Fetcher fetcher, CommitLedger ledger,
                             ReaderMetrics metrics, Consumer<RuntimeException> reportFailure) {
        this.config = config;
        this.fetcher = fetcher;
        this.ledger = ledger;
        this.metrics = metrics;
        this.reportFailure = reportFailure;
        this.coordinator = new CoordinatorClient(config.groupId(), cluster.controlPool());
        this.joiner = new GroupJoiner(config, cluster, coordinator);
        this.cooperative = config.groupBalancers().stream().allMatch(GroupBalancer::cooperative);
        this.committer = new GroupCommitter(config, cluster, ledger, metrics, coordinator, reportFailure,
                this::requestRejoin, cooperative);
        this.steps = new AssignmentSteps(config, fetcher, ledger, committer, metrics);
        this.backoff = new Backoff(config.readBackoffMin(), config.readBackoffMax());
        this.thread = new Thread(this::run, "kafkago-reader-group-" + config.groupId());
        this.thread.setDaemon(true);
    }

    @Override
    public GroupCommitter committer() {
        return committer;
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assigned;
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
                // an eager member gave everything up before joining; a cooperative one reports what it kept
                Generation generation = joiner.joinAndSync(cooperative ? assigned : Set.of());
                failures = 0;
                rejoinRequested = false;
                if (cooperative && ledger.generation() != null) {
                    Set<TopicPartition> revoked = steps.moveTo(assigned, generation);
                    assigned = Set.copyOf(generation.assignment());
                    if (!revoked.isEmpty()) {
                        continue; // rejoin at once, so the partitions given up go to their new owners
                    }
                } else {
                    steps.begin(generation);
                    assigned = Set.copyOf(generation.assignment());
                }
                boolean stillValid = maintain(generation);
                if (!cooperative || !stillValid || closed) {
                    end(stillValid);
                }
            } catch (KafkaInterruptedException e) {
                break; // close() interrupts this thread
            } catch (KafkaException e) {
                if (closed) {
                    break;
                }
                failures++;
                metrics.recordError();
                end(false);
                if (GroupCommitter.mustBeReported(e)) {
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
                committer.flushStash();
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

    /** Ends the current generation: stop fetching, flush (if still valid) and tell the listener. */
    private void end(boolean stillValid) {
        Set<TopicPartition> revoked = assigned;
        assigned = Set.of();
        steps.end(revoked, stillValid);
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
