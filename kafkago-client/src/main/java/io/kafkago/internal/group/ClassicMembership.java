package io.kafkago.internal.group;

import io.kafkago.GroupBalancer;
import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.reader.Fetcher;
import io.kafkago.internal.reader.ReaderCluster;
import io.kafkago.internal.reader.ReaderMetrics;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.HeartbeatRequest;
import io.kafkago.protocol.message.HeartbeatResponse;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Reader's membership in a consumer group with the classic protocol, run by one thread per reader:
 * join and sync ({@link GroupJoiner}), then, for the life of the generation, heartbeats on their
 * own schedule, periodic commits (with a commit interval) and, on the leader, a watch for new
 * partitions. An eager member gives everything up when the generation ends (a rebalance, the member
 * was fenced, or close): fetching stops, pending commits of the generation are flushed with its ids
 * while they can still be accepted, the revoke listener runs, and the member joins again. A
 * cooperative member (every balancer cooperative, KIP-429) joins again still fetching, reports the
 * partitions it owns, and afterwards gives up only those the new generation moved, rejoining at once
 * so they reach their new owner.
 *
 * <p>Because heartbeats run on this thread, a slow application never gets the member removed:
 * the coordinator only sees it gone if the whole reader stops. Commits go through the
 * {@link GroupCommitter}.
 */
public final class ClassicMembership extends MemberThread {

    private static final Logger log = LoggerFactory.getLogger(ClassicMembership.class);

    private final CommitLedger ledger;
    private final GroupJoiner joiner;
    /** Whether every balancer offered is cooperative: rebalances then move only the partitions that change owner. */
    private final boolean cooperative;
    private volatile Set<TopicPartition> assigned = Set.of();

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
        super(config, cluster, fetcher, ledger, metrics, reportFailure, isCooperative(config));
        this.ledger = ledger;
        this.cooperative = isCooperative(config);
        this.joiner = new GroupJoiner(config, cluster, coordinator);
    }

    /** Whether the member rebalances cooperatively: every balancer it offers is cooperative. */
    private static boolean isCooperative(ReaderConfig config) {
        return config.groupBalancers().stream().allMatch(GroupBalancer::cooperative);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assigned;
    }

    @Override
    void run() {
        int failures = 0;
        while (!closed) {
            try {
                // an eager member gave everything up before joining; a cooperative one reports what it kept
                Generation generation = joiner.joinAndSync(cooperative ? assigned : Set.of());
                failures = 0;
                woken = false;
                generationLost = false;
                if (cooperative && ledger.generation() != null) {
                    Set<TopicPartition> revoked = steps.moveTo(assigned, generation, now -> assigned = now);
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
            } catch (GroupJoiner.MembershipLostException e) {
                log.info("group {}: {}; giving the partitions up and joining again", config.groupId(), e.getMessage());
                end(false);
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!(e instanceof KafkaException)) {
                    log.error("group {}: unexpected error, giving the partitions up and joining again",
                            config.groupId(), e);
                }
                KafkaException failure = e instanceof KafkaException kafka ? kafka
                        : new KafkaException("group " + config.groupId() + ": " + e, e);
                failures++;
                metrics.recordError();
                end(false);
                if (!(e instanceof KafkaException) || GroupCommitter.mustBeReported(failure)) {
                    reportFailure.accept(failure);
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
            if (woken) { // a commit found a rebalance begun, or the generation ended
                log.info("group {}: a commit found {}, rejoining", config.groupId(),
                        generationLost ? "the generation ended" : "a rebalance begun");
                return !generationLost;
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

    @Override
    void leave() {
        end(true);
        joiner.leave();
    }
}
