package io.kafkago.internal.writer;

import io.kafkago.network.TopicMetadata;
import io.kafkago.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The batches of one partition and the rules for sending them in order, exactly once.
 *
 * <p>Writer threads fill {@code open} and move full batches to {@code sealed} under the
 * accumulator's lock. The sender thread alone owns the rest: batches {@code ready} to go (retries
 * first, in their original order), batches in flight, and, for an idempotent writer, the producer id,
 * epoch and sequence numbers this partition writes with.
 *
 * <p>Order is kept on failure: once an attempt fails, no further batch of the partition goes out until
 * every in-flight one has answered, the failed batches return to the front of the queue in their original
 * order, and then one batch at a time is sent until one succeeds.
 *
 * <p>A batch keeps the producer id, epoch and sequence of its first attempt for every retry: the broker
 * drops a copy it already has only when it carries the same numbers. So sequence numbers are never handed
 * from one batch to another. When the partition's sequence is broken (a batch that was never written failed
 * for good, or the broker lost or refuses our state), the partition starts again at sequence 0 under a new
 * epoch (KIP-360), once nothing is in flight: batches that may already be in the log cannot move to it and
 * fail as "may have been written"; the others are renumbered.
 */
final class PartitionQueue {

    final String topic;
    final int partition;

    // Guarded by the accumulator's lock.
    ProducerBatch open;
    final ArrayDeque<ProducerBatch> sealed = new ArrayDeque<>();
    /** Whether this queue is on the accumulator's list of queues with new batches. */
    boolean announced;
    long nextOrdinal;

    // Owned by the sender thread.
    private final ArrayDeque<ProducerBatch> ready = new ArrayDeque<>();
    /** Batches sent and not answered yet, in send order; may hold batches already failed for the writer. */
    private final ArrayDeque<ProducerBatch> inFlight = new ArrayDeque<>();
    /** Producer id this partition's sequences belong to; -1 until the first batch is numbered. */
    private long producerId = -1;
    private short epoch = -1;
    /** Sequence for the next batch sent for the first time. */
    private int nextSequence;
    /** After a failure: send nothing more until the in-flight batches have answered. */
    private boolean draining;
    /**
     * One batch in flight at a time until one succeeds: after a failure, and while the broker has no sequence
     * state for this producer epoch here (at the start, after a new epoch). A broker takes any first sequence
     * from a producer it does not know, so a later batch must not overtake a first one that fails and is retried.
     */
    private boolean recovering = true;
    /** The sequence is broken: start again under a new epoch once nothing is in flight. */
    private boolean resetWanted;
    /** How the broker told us the sequence broke, for the batches that cannot move to the new epoch. */
    private ErrorCode resetReason = ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER;
    /** Whether the sender keeps this queue on its active list. */
    boolean active;
    /** The metadata {@link #leaderId} was read from; a new instance means the leader must be read again. */
    TopicMetadata leaderSource;
    /** The partition's leader as of {@link #leaderSource}, -1 when it has none. */
    int leaderId = -1;

    PartitionQueue(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    /** Takes a batch sealed by the writers; it goes after every batch already known. */
    void addReady(ProducerBatch batch) {
        ready.addLast(batch);
    }

    /** Whether any batch is waiting to be sent or in flight, or the sequence must be reset. */
    boolean hasSenderWork() {
        return !ready.isEmpty() || !inFlight.isEmpty() || resetWanted;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    /** The batch that would go out next, or null; does not check whether it may go now. */
    ProducerBatch peekReady() {
        return ready.peekFirst();
    }

    /** The batches in flight, oldest first; for deadline checks. */
    Iterable<ProducerBatch> inFlight() {
        return inFlight;
    }

    /** Whether this partition has a producer id and epoch to number batches with (idempotent writers). */
    boolean hasProducerId() {
        return producerId >= 0;
    }

    /** Whether this partition numbers its batches under that producer id and epoch. */
    boolean numberedUnder(long otherProducerId, short otherEpoch) {
        return producerId == otherProducerId && epoch == otherEpoch;
    }

    /** Whether the partition waits for a new epoch and nothing of the old one is in flight any more. */
    boolean isResetDue() {
        return resetWanted && inFlight.isEmpty();
    }

    /**
     * Whether the head of the queue may be sent now.
     *
     * @param maxInFlight batches of this partition allowed in flight at once
     */
    boolean canSend(long nowNanos, int maxInFlight) {
        ProducerBatch head = ready.peekFirst();
        if (head == null || nowNanos - head.retryAtNanos() < 0 || draining || resetWanted) {
            return false;
        }
        return inFlight.size() < (recovering ? 1 : maxInFlight);
    }

    /**
     * Removes the head of the queue and marks it in flight; an idempotent writer's batch gets this partition's
     * producer id, epoch and next sequence on its first attempt and keeps them.
     */
    ProducerBatch takeForSend(boolean idempotent) {
        ProducerBatch batch = ready.removeFirst();
        if (idempotent && !batch.hasSequence()) {
            batch.assignSequence(producerId, epoch, nextSequence);
            nextSequence = batch.nextSequence();
        }
        batch.attempted();
        inFlight.addLast(batch);
        return batch;
    }

    /** The batch was written. */
    void acknowledged(ProducerBatch batch) {
        inFlight.remove(batch);
        recovering = false;
        releaseIfDrained();
    }

    /**
     * Whether no batch written before {@code batch} is still unanswered or waiting for a retry. An out-of-order
     * answer for such a batch cannot be explained by our own pipelining: the broker's sequence for this partition
     * is not where ours is.
     */
    boolean isOldestPending(ProducerBatch batch) {
        for (ProducerBatch other : inFlight) {
            if (other != batch && !other.isDone() && other.ordinal() < batch.ordinal()) {
                return false;
            }
        }
        ProducerBatch head = ready.peekFirst();
        return head == null || head == batch || head.ordinal() > batch.ordinal();
    }

    /** The attempt failed and the batch will be sent again, in its original place. */
    void retryLater(ProducerBatch batch) {
        inFlight.remove(batch);
        insertInOrder(batch);
        draining = true;
        recovering = true;
        releaseIfDrained();
    }

    /**
     * The batch failed for good (in flight or waiting). When it had a sequence and was certainly not written, the
     * broker will never see that sequence: the partition starts again under a new epoch.
     */
    void gaveUp(ProducerBatch batch, boolean leftSequenceGap) {
        if (!inFlight.remove(batch)) {
            ready.remove(batch);
        }
        if (leftSequenceGap) {
            requestReset(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER); // what the broker would answer the batches after it
        }
        draining = true;
        recovering = true;
        releaseIfDrained();
    }

    /**
     * The broker's producer state for this partition is not ours (KIP-360): start again under a new epoch.
     *
     * @param reason the broker's error that showed it
     */
    void requestReset(ErrorCode reason) {
        resetWanted = true;
        resetReason = reason;
        draining = true;
        recovering = true;
    }

    /** The broker error that made the partition start its sequence again. */
    ErrorCode resetReason() {
        return resetReason;
    }

    /**
     * Starts the partition's sequences again at 0 under {@code newProducerId} / {@code newEpoch} (or takes them for
     * the first time). Only with nothing in flight. Waiting batches that were never sent, or whose every attempt
     * the broker refused, are renumbered in order; those that may already be in the log are removed and returned,
     * for failing: sending them under the new epoch could write them twice.
     */
    List<ProducerBatch> startSequences(long newProducerId, short newEpoch) {
        if (!inFlight.isEmpty()) {
            throw new IllegalStateException("cannot start new sequences for " + this + " with batches in flight");
        }
        producerId = newProducerId;
        epoch = newEpoch;
        nextSequence = 0;
        resetWanted = false;
        draining = false;
        recovering = true;
        List<ProducerBatch> stranded = new ArrayList<>(0);
        for (Iterator<ProducerBatch> it = ready.iterator(); it.hasNext(); ) {
            ProducerBatch batch = it.next();
            if (batch.mayHaveBeenWritten()) {
                it.remove();
                stranded.add(batch);
            } else {
                batch.clearSequence();
            }
        }
        return stranded;
    }

    /** Removes and returns every batch not yet written (ready or in flight), for failing them all. */
    ArrayDeque<ProducerBatch> drainAll() {
        ArrayDeque<ProducerBatch> all = new ArrayDeque<>(inFlight);
        all.addAll(ready);
        inFlight.clear();
        ready.clear();
        return all;
    }

    private void insertInOrder(ProducerBatch batch) {
        if (ready.isEmpty() || ready.peekFirst().ordinal() > batch.ordinal()) {
            ready.addFirst(batch);
            return;
        }
        ArrayDeque<ProducerBatch> reordered = new ArrayDeque<>(ready.size() + 1);
        boolean placed = false;
        for (ProducerBatch queued : ready) {
            if (!placed && queued.ordinal() > batch.ordinal()) {
                reordered.addLast(batch);
                placed = true;
            }
            reordered.addLast(queued);
        }
        if (!placed) {
            reordered.addLast(batch);
        }
        ready.clear();
        ready.addAll(reordered);
    }

    private void releaseIfDrained() {
        if (draining && !resetWanted && inFlight.isEmpty()) {
            draining = false;
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
