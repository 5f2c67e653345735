package io.kafkago.internal.group;

import io.kafkago.Message;
import io.kafkago.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides which offsets a group member may commit, generation by generation.
 *
 * <p>The rule that keeps commits honest across rebalances: a message's offset is committed only
 * while its partition has stayed assigned to this member since the message was delivered.
 * Concretely, each assigned partition has a cursor that knows the generation it was assigned in,
 * its start offset and the highest offset delivered so far; a message is accepted when its
 * partition has a cursor now and its offset lies in {@code [start, lastDelivered]}. A message
 * handed out before its partition went to another member therefore never moves that partition's
 * committed offset (the rewind that kafka-go's Reader suffered), nor past what this member has
 * delivered since it got the partition back. The committed offset only moves forward.
 *
 * <p>An eager rebalance ends the generation and {@linkplain #beginGeneration begins} a new one
 * with new cursors; an incremental one ({@linkplain #advance advance}: the consumer protocol,
 * cooperative balancing) keeps the cursors of partitions the member keeps, so their commits stay
 * valid and are sent with the newer generation's ids ({@link #rebase}).
 *
 * <p>With a commit interval, accepted offsets wait in a stash that the member's background
 * loop drains; {@link #endGeneration()} hands back what is still pending so it can be flushed
 * with the old generation's ids before the partitions are given up, and nothing of it is carried
 * into the next generation.
 *
 * <p>Thread-safe: the application thread records deliveries and selects commits, the group
 * thread opens and ends generations and drains the stash.
 */
public final class CommitLedger {

    /**
     * No offset waits in a cursor's stash. Checked explicitly: {@code committed} starts below it (at FIRST_OFFSET, -2)
     * for a partition nothing was committed for, and -1 is no offset to commit.
     */
    private static final long NOTHING_STASHED = -1;

    private Generation generation;
    /** Per topic, cursors indexed by partition id (null where the partition is not assigned). */
    private final Map<String, PartitionCursor[]> cursors = new HashMap<>();
    /**
     * The cursor found last: a read loop looks the same partition up message after message, and checking it first
     * spares a hash lookup per message.
     */
    private PartitionCursor lastCursor;
    /** Messages the stash stands for (each cursor keeps its own stashed offset). */
    private int stashedMessages;

    /**
     * Starts tracking a new generation.
     *
     * @param next         the generation just joined
     * @param startOffsets offset each assigned partition starts consuming from (committed offset
     *                     or the start-offset policy's answer)
     */
    public synchronized void beginGeneration(Generation next, Map<TopicPartition, Long> startOffsets) {
        cursors.clear();
        lastCursor = null;
        stashedMessages = 0;
        generation = null;
        advance(next, startOffsets);
    }

    /**
     * Moves to {@code next} keeping the cursors (start, delivered, committed and stashed offsets) of the partitions
     * it still assigns: partitions it no longer assigns are dropped, with whatever they had stashed (flush the
     * stash first), and the ones added start at their offsets in {@code addedStartOffsets}.
     *
     * @throws IllegalArgumentException when an added partition has no start offset
     */
    public synchronized void advance(Generation next, Map<TopicPartition, Long> addedStartOffsets) {
        Set<TopicPartition> assignment = new HashSet<>(next.assignment());
        for (PartitionCursor[] byPartition : cursors.values()) {
            for (int i = 0; i < byPartition.length; i++) {
                if (byPartition[i] != null && !assignment.contains(byPartition[i].topicPartition)) {
                    byPartition[i] = null;
                }
            }
        }
        lastCursor = null;
        for (TopicPartition tp : next.assignment()) {
            if (cursor(tp.topic(), tp.partition()) != null) {
                continue;
            }
            Long start = addedStartOffsets.get(tp);
            if (start == null) {
                throw new IllegalArgumentException("no start offset for assigned partition " + tp);
            }
            PartitionCursor[] byPartition = cursors.get(tp.topic());
            if (byPartition == null || byPartition.length <= tp.partition()) {
                PartitionCursor[] grown = new PartitionCursor[tp.partition() + 1];
                if (byPartition != null) {
                    System.arraycopy(byPartition, 0, grown, 0, byPartition.length);
                }
                byPartition = grown;
                cursors.put(tp.topic(), byPartition);
            }
            byPartition[tp.partition()] = new PartitionCursor(tp, start, next.generationId());
        }
        generation = next;
    }

    /**
     * Moves where {@code partition} is read: messages from {@code offset} on are accepted (a
     * commit still never moves the committed offset back).
     *
     * @return false when the partition is not assigned (nothing changes)
     */
    public synchronized boolean seek(TopicPartition partition, long offset) {
        PartitionCursor cursor = cursor(partition.topic(), partition.partition());
        if (cursor == null) {
            return false;
        }
        cursor.start = offset;
        cursor.lastDelivered = Long.MIN_VALUE;
        return true;
    }

    /**
     * Ends the current generation (rebalance, fencing or close).
     *
     * @return the stashed offsets not yet committed, tagged with the generation that accepted
     *         them (empty when nothing is pending), or null when no generation was open
     */
    public synchronized PendingCommit endGeneration() {
        if (generation == null) {
            return null;
        }
        PendingCommit pending = drainStashLocked();
        generation = null;
        cursors.clear();
        lastCursor = null;
        return pending;
    }

    /** Whether {@code partition} is assigned in the open generation. */
    public synchronized boolean isAssigned(TopicPartition partition) {
        return cursor(partition.topic(), partition.partition()) != null;
    }

    /**
     * {@code commit} as it may be sent now: with the open generation's ids and only the partitions assigned without a
     * break since the generation it was selected in.
     *
     * Between generations (the final commit of one that ended) the commit is sent as selected, with its own ids.
     *
     * @return the commit to send, or null when none of its partitions qualifies (the commit is stale)
     */
    public synchronized PendingCommit rebase(PendingCommit commit) {
        if (generation == null || commit.generation() == generation) {
            return commit;
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        commit.offsets().forEach((tp, next) -> {
            if (ownedSince(tp, commit.generation()) != null) {
                offsets.put(tp, next);
            }
        });
        return offsets.isEmpty() ? null
                : new PendingCommit(generation, offsets, commit.messages(), commit.skippedMessages());
    }

    /** The cursor of {@code partition} if it has been assigned without a break since {@code selectedIn}; else null. */
    private PartitionCursor ownedSince(TopicPartition partition, Generation selectedIn) {
        PartitionCursor cursor = generation == null ? null : cursor(partition.topic(), partition.partition());
        return cursor != null && cursor.assignedIn <= selectedIn.generationId() ? cursor : null;
    }

    /** The open generation, or null between generations. */
    public synchronized Generation generation() {
        return generation;
    }

    /**
     * Records that the application was handed {@code message} in the current generation.
     *
     * @return true if the message belongs to a partition assigned in the current generation
     */
    public synchronized boolean delivered(Message message) {
        PartitionCursor cursor = cursor(message.topic(), message.partition());
        if (cursor == null) {
            return false;
        }
        if (message.offset() > cursor.lastDelivered) {
            cursor.lastDelivered = message.offset();
            cursor.highWaterMark = message.highWaterMark();
        }
        return true;
    }

    /** What {@link #position} answers for a partition that is not assigned. */
    public static final long NOT_ASSIGNED = Long.MIN_VALUE;

    /**
     * The offset of the next message of {@code partition} to hand out: after the last one delivered, or where the
     * partition started (FIRST/LAST when it started from the start-offset policy); {@link #NOT_ASSIGNED} when not
     * assigned.
     */
    public synchronized long position(TopicPartition partition) {
        PartitionCursor cursor = cursor(partition.topic(), partition.partition());
        if (cursor == null) {
            return NOT_ASSIGNED;
        }
        return cursor.lastDelivered == Long.MIN_VALUE ? cursor.start : cursor.lastDelivered + 1;
    }

    /** The lag of one assigned partition as of its last delivered message; -1 when unknown or not assigned. */
    public synchronized long lag(TopicPartition partition) {
        PartitionCursor cursor = cursor(partition.topic(), partition.partition());
        return cursor == null || cursor.highWaterMark < 0 ? -1
                : Math.max(0, cursor.highWaterMark - cursor.lastDelivered - 1);
    }

    /**
     * Messages between what was handed out and the high watermark seen with the last delivered
     * message, summed over the current generation's partitions that delivered something.
     *
     * @return the lag, or -1 when no generation is open or nothing was delivered in it yet
     */
    public synchronized long lag() {
        long lag = -1;
        for (PartitionCursor[] byPartition : cursors.values()) {
            for (PartitionCursor cursor : byPartition) {
                if (cursor != null && cursor.highWaterMark >= 0) {
                    lag = Math.max(lag, 0) + Math.max(0, cursor.highWaterMark - cursor.lastDelivered - 1);
                }
            }
        }
        return lag;
    }

    /**
     * Picks, from {@code messages}, the offsets the current generation may commit: per partition
     * the highest accepted offset + 1, leaving out partitions whose committed offset would not
     * move forward.
     *
     * @return the commit to send (empty when nothing qualifies), or null when no generation is open
     */
    public synchronized PendingCommit select(Iterable<Message> messages) {
        if (generation == null) {
            return null;
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        int accepted = 0;
        int skipped = 0;
        for (Message message : messages) {
            PartitionCursor cursor = cursor(message.topic(), message.partition());
            long offset = message.offset();
            if (cursor == null || offset < cursor.start || offset > cursor.lastDelivered) {
                skipped++;
                continue;
            }
            long next = offset + 1;
            if (next <= cursor.committed) {
                continue;
            }
            accepted++;
            offsets.merge(new TopicPartition(message.topic(), message.partition()), next, Math::max);
        }
        return new PendingCommit(generation, offsets, accepted, skipped);
    }

    /**
     * Adds a message to the stash the background committer drains, under the same rule as
     * {@link #select}, without allocating (this runs once per message read with a commit interval).
     *
     * @return false when the message was left out because its generation ended (a stale commit)
     */
    public synchronized boolean stash(Message message) {
        PartitionCursor cursor = generation == null ? null : cursor(message.topic(), message.partition());
        long offset = message.offset();
        if (cursor == null || offset < cursor.start || offset > cursor.lastDelivered) {
            return false;
        }
        long next = offset + 1;
        if (next > cursor.committed && next > cursor.stashed) {
            cursor.stashed = next;
        }
        stashedMessages++;
        return true;
    }

    /**
     * Adds a selected commit to the stash (also used to put back a commit whose sending failed
     * with a retriable error); partitions no longer assigned since it was selected are left out.
     */
    public synchronized void stash(PendingCommit commit) {
        if (commit == null || generation == null) {
            return;
        }
        commit.offsets().forEach((tp, next) -> {
            PartitionCursor cursor = ownedSince(tp, commit.generation());
            if (cursor != null && next > cursor.stashed) {
                cursor.stashed = next;
            }
        });
        stashedMessages += commit.messages();
    }

    /** Takes everything stashed for the current generation; null when no generation is open. */
    public synchronized PendingCommit drainStash() {
        return generation == null ? null : drainStashLocked();
    }

    private PendingCommit drainStashLocked() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (PartitionCursor[] byPartition : cursors.values()) {
            for (PartitionCursor cursor : byPartition) {
                if (cursor != null && cursor.stashed != NOTHING_STASHED && cursor.stashed > cursor.committed) {
                    offsets.put(cursor.topicPartition, cursor.stashed);
                }
                if (cursor != null) {
                    cursor.stashed = NOTHING_STASHED;
                }
            }
        }
        PendingCommit pending = new PendingCommit(generation, offsets, stashedMessages, 0);
        stashedMessages = 0;
        return pending;
    }

    /**
     * Records that the coordinator accepted {@code commit}, so later selections of lower offsets
     * are left out; partitions no longer assigned since it was selected are ignored.
     */
    public synchronized void committed(PendingCommit commit) {
        commit.offsets().forEach((tp, next) -> {
            PartitionCursor cursor = ownedSince(tp, commit.generation());
            if (cursor != null && next > cursor.committed) {
                cursor.committed = next;
            }
        });
    }

    private PartitionCursor cursor(String topic, int partition) {
        PartitionCursor last = lastCursor;
        if (last != null && last.topicPartition.partition() == partition && sameTopic(last.topicPartition.topic(), topic)) {
            return last;
        }
        PartitionCursor[] byPartition = cursors.get(topic);
        if (byPartition == null || partition < 0 || partition >= byPartition.length) {
            return null;
        }
        PartitionCursor found = byPartition[partition];
        if (found != null) {
            lastCursor = found;
        }
        return found;
    }

    private static boolean sameTopic(String known, String topic) {
        return known == topic || known.equals(topic);
    }

    /** Where one assigned partition stands since it was assigned. */
    private static final class PartitionCursor {
        final TopicPartition topicPartition;
        /** Generation id (or member epoch) the partition was assigned in; its commits since then stay valid. */
        final int assignedIn;
        long start;
        long lastDelivered = Long.MIN_VALUE;
        long highWaterMark = -1;
        long committed;
        /** Highest next-offset waiting in the stash, or {@link #NOTHING_STASHED}. */
        long stashed = NOTHING_STASHED;

        PartitionCursor(TopicPartition topicPartition, long start, int assignedIn) {
            this.topicPartition = topicPartition;
            this.assignedIn = assignedIn;
            this.start = start;
            this.committed = start;
        }
    }
}
