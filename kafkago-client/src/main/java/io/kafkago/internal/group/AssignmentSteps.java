package io.kafkago.internal.group;

import io.kafkago.PartitionsListener;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.reader.Fetcher;
import io.kafkago.internal.reader.ReaderMetrics;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps by which a member's partitions change, shared by the group protocols, each keeping the fetch loop, the
 * commit ledger and the application's listeners in agreement: a whole generation begun and ended (eager
 * rebalancing), or partitions revoked and added one step at a time while the others are fetched on (cooperative
 * rebalancing, the consumer protocol). Runs on the member's thread.
 */
final class AssignmentSteps {

    private static final Logger log = LoggerFactory.getLogger(AssignmentSteps.class);

    private final ReaderConfig config;
    private final Fetcher fetcher;
    private final CommitLedger ledger;
    private final GroupCommitter committer;
    private final ReaderMetrics metrics;

    AssignmentSteps(ReaderConfig config, Fetcher fetcher, CommitLedger ledger, GroupCommitter committer,
                    ReaderMetrics metrics) {
        this.config = config;
        this.fetcher = fetcher;
        this.ledger = ledger;
        this.committer = committer;
        this.metrics = metrics;
    }

    /** Starts a generation from scratch: its partitions are fetched from their committed offsets. */
    void begin(Generation generation) {
        Map<TopicPartition, Long> start = committer.startOffsets(generation.assignment());
        // in one step with the fetch reset, so a seek sees the generation and the fetcher's partitions agree
        fetcher.assign(() -> {
            ledger.beginGeneration(generation, start);
            return start;
        });
        metrics.recordRebalance();
        log.info("group {}: generation {} assigned {} to member {}", config.groupId(), generation.generationId(),
                generation.assignment(), generation.memberId());
        tell(config.onPartitionsAssigned(), Set.copyOf(generation.assignment()), "onPartitionsAssigned");
    }

    /**
     * Ends the open generation and gives every partition up: fetching stops; while the generation can still take
     * commits ({@code stillValid}) what is pending is committed and the revoke listener told, else it is dropped
     * (another member may own the partitions already) and the lost listener told (the revoke listener when there is
     * none).
     */
    void end(Set<TopicPartition> owned, boolean stillValid) {
        committer.settlePeriodicCommit(stillValid);
        AtomicReference<PendingCommit> ended = new AtomicReference<>();
        fetcher.assign(() -> {
            ended.set(ledger.endGeneration());
            return Map.of();
        });
        committer.commitFinal(ended.get(), stillValid);
        if (owned.isEmpty()) {
            return;
        }
        if (!stillValid && config.onPartitionsLost() != null) {
            tell(config.onPartitionsLost(), owned, "onPartitionsLost");
        } else {
            tell(config.onPartitionsRevoked(), owned, "onPartitionsRevoked");
        }
    }

    /**
     * Gives up some partitions and keeps the others: fetching of the revoked ones stops, the pending commits are
     * sent with {@code current}'s ids (it still lists the revoked partitions), the revoke listener is told, and the
     * ledger moves to {@code kept}.
     */
    void revoke(Set<TopicPartition> revoked, Generation current, Generation kept) {
        fetcher.reassign(revoked, Map.of(), () -> { });
        ledger.advance(current, Map.of());
        committer.settlePeriodicCommit(true);
        committer.commitFinal(ledger.drainStash(), true);
        tell(config.onPartitionsRevoked(), Set.copyOf(revoked), "onPartitionsRevoked");
        ledger.advance(kept, Map.of());
        log.info("group {}: generation {} revoked {} from member {}", config.groupId(), kept.generationId(), revoked,
                kept.memberId());
    }

    /** Adds partitions to those fetched, from their committed offsets; the ledger moves to {@code next}. */
    void add(Set<TopicPartition> added, Generation next) {
        Map<TopicPartition, Long> start = committer.startOffsets(added);
        fetcher.reassign(Set.of(), start, () -> ledger.advance(next, start));
        metrics.recordRebalance();
        log.info("group {}: generation {} added {} to member {}", config.groupId(), next.generationId(), added,
                next.memberId());
        tell(config.onPartitionsAssigned(), Set.copyOf(added), "onPartitionsAssigned");
    }

    /**
     * Moves incrementally from {@code owned} to {@code next}'s assignment: revokes what it leaves out, then adds what
     * it brings; with no change only the generation's ids move on. {@code ownedNow} hears what the member owns after
     * each step, so that when adding fails (the committed offsets could not be had) the member knows it still owns
     * what it kept.
     *
     * @return the partitions revoked (empty when none)
     */
    Set<TopicPartition> moveTo(Set<TopicPartition> owned, Generation next, Consumer<Set<TopicPartition>> ownedNow) {
        Set<TopicPartition> target = new HashSet<>(next.assignment());
        Set<TopicPartition> revoked = new HashSet<>(owned);
        revoked.removeAll(target);
        Set<TopicPartition> added = new HashSet<>(target);
        added.removeAll(owned);
        if (!revoked.isEmpty()) {
            Set<TopicPartition> kept = new HashSet<>(owned);
            kept.removeAll(revoked);
            revoke(revoked, next.withAssignment(owned), next.withAssignment(kept));
            ownedNow.accept(Set.copyOf(kept));
        }
        if (!added.isEmpty()) {
            add(added, next);
            ownedNow.accept(Set.copyOf(target));
        } else if (ledger.generation() != next) {
            ledger.advance(next, Map.of());
        }
        return revoked;
    }

    /** Calls one of the application's listeners; one that throws is logged, not fatal. */
    private void tell(PartitionsListener listener, Set<TopicPartition> partitions, String name) {
        try {
            listener.onPartitions(partitions);
        } catch (RuntimeException e) {
            log.error("group {}: {} listener failed", config.groupId(), name, e);
        }
    }
}
