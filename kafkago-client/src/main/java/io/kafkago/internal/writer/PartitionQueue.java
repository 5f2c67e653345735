package io.kafkago.internal.writer;

import io.kafkago.network.TopicMetadata;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The batches of one partition and the ordering rules for sending them.
 *
 * <p>Writer threads fill {@code open} and move full batches to {@code sealed} under the
 * accumulator's lock. The sender thread alone owns the rest: batches {@code ready} to go (retries
 * first, in their original order), batches in flight, and, for an idempotent writer, the sequence
 * numbers. Order is kept on failure: once an attempt fails, no further batch of the partition goes
 * out until every in-flight one has answered, the failed batches return to the front of the queue in
 * their original order, and then one batch at a time is sent until one succeeds.
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
    private final ArrayDeque<ProducerBatch> inFlight = new ArrayDeque<>();
    /** Sequence of the first record not yet acknowledged. */
    private int expectedSequence;
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
    /** A batch failed for good: the batches after it get new sequences once drained. */
    private boolean gapToClose;
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

    /** Whether any batch is waiting to be sent or in flight. */
    boolean hasSenderWork() {
        return !ready.isEmpty() || !inFlight.isEmpty();
    }

    int inFlightCount() {
        return inFlight.size();
    }

    /** The batch that would go out next, or null; does not check whether it may go now. */
    ProducerBatch peekReady() {
        return ready.peekFirst();
    }

    /**
     * Whether the head of the queue may be sent now.
     *
     * @param maxInFlight batches of this partition allowed in flight at once
     */
    boolean canSend(long nowNanos, int maxInFlight) {
        ProducerBatch head = ready.peekFirst();
        if (head == null || nowNanos - head.retryAtNanos() < 0) {
            return false;
        }
        if (draining) {
            return false;
        }
        return inFlight.size() < (recovering ? 1 : maxInFlight);
    }

    /**
     * Removes the head of the queue and marks it in flight; an idempotent writer's batch gets its
     * base sequence on its first attempt.
     */
    ProducerBatch takeForSend(boolean idempotent) {
        ProducerBatch batch = ready.removeFirst();
        if (idempotent && batch.baseSequence() < 0) {
            batch.baseSequence(nextSequence);
            nextSequence = batch.nextSequence();
        }
        batch.attempted();
        inFlight.addLast(batch);
        return batch;
    }

    /** The batch was written. */
    void acknowledged(ProducerBatch batch) {
        inFlight.remove(batch);
        if (batch.baseSequence() >= 0) {
            expectedSequence = batch.nextSequence();
        }
        recovering = false;
        releaseIfDrained();
    }

    /**
     * Whether the broker should have accepted this batch's sequence: it is the first unacknowledged
     * one. An out-of-order answer for such a batch means the broker lost this producer's state.
     */
    boolean isNextExpected(ProducerBatch batch) {
        return batch.baseSequence() == expectedSequence;
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
     * The batch failed for good. Its sequence numbers were never written, so the batches after it
     * are renumbered (once the in-flight ones have answered) to close the gap.
     */
    void abandoned(ProducerBatch batch, boolean idempotent) {
        inFlight.remove(batch);
        if (idempotent && batch.baseSequence() >= 0) {
            gapToClose = true;
            draining = true;
        }
        releaseIfDrained();
    }

    /**
     * The head batch failed for good without being sent (no leader, broker unreachable). Like
     * {@link #abandoned}, a sequence it held is handed to the batches after it.
     */
    ProducerBatch abandonHead(boolean idempotent) {
        ProducerBatch batch = ready.removeFirst();
        if (idempotent && batch.baseSequence() >= 0) {
            gapToClose = true;
            draining = true;
        }
        releaseIfDrained();
        return batch;
    }

    /**
     * The producer got a new epoch (or id): sequences start again at 0 for this partition, and
     * batches that were already numbered are renumbered in order. Only called with nothing in flight.
     */
    void resetSequences() {
        if (!inFlight.isEmpty()) {
            throw new IllegalStateException("cannot reset sequences of " + this + " with batches in flight");
        }
        expectedSequence = 0;
        renumberFrom(0);
        gapToClose = false;
        draining = false;
        recovering = true;
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
        for (Iterator<ProducerBatch> it = ready.iterator(); it.hasNext(); ) {
            ProducerBatch queued = it.next();
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
        if (draining && inFlight.isEmpty()) {
            if (gapToClose) {
                renumberFrom(expectedSequence);
                gapToClose = false;
            }
            draining = false;
        }
    }

    /** Numbers the already-numbered ready batches contiguously from {@code first}. */
    private void renumberFrom(int first) {
        int sequence = first;
        for (ProducerBatch batch : ready) {
            if (batch.baseSequence() < 0) {
                break;
            }
            batch.baseSequence(sequence);
            sequence = batch.nextSequence();
        }
        nextSequence = sequence;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
