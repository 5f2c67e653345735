package io.kafkago.internal.writer.sim;

import io.kafkago.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One partition of the simulated cluster: its leader, its log and its producer state. Every broker sees the
 * same instance, so a new leader starts with the log and producer state of the old one, as an in-sync
 * follower that replicated them would. Guarded by the cluster's lock.
 *
 * <p>The partition also remembers which of its appends may be unknown to the client (their answer was
 * lost, late, an error, or never sent); {@link #forgetProducersIfSettled} refuses to forget producers while
 * there are any, because forgetting would then let a retry in twice.
 */
final class SimulatedPartition {

    /** The answer for one append: NONE with the batch's base offset, or an error. */
    record AppendResult(ErrorCode error, long baseOffset) {

        boolean succeeded() {
            return error == ErrorCode.NONE;
        }
    }

    private final String topic;
    private final int index;
    private final List<LoggedBatch> log = new ArrayList<>();
    private final ProducerStateTable producers = new ProducerStateTable();
    /** Base offsets of appended batches whose success the client has not been told yet. */
    private final Set<Long> unconfirmed = new HashSet<>();
    private long endOffset;
    private int leaderId;
    private int leaderEpoch;
    private int duplicatesAnswered;
    private int producerStateLosses;

    SimulatedPartition(String topic, int index, int leaderId) {
        this.topic = topic;
        this.index = index;
        this.leaderId = leaderId;
    }

    int index() {
        return index;
    }

    int leaderId() {
        return leaderId;
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    /** Makes {@code brokerId} the leader, with a new leader epoch. */
    void moveLeaderTo(int brokerId) {
        leaderId = brokerId;
        leaderEpoch++;
    }

    /**
     * Appends {@code batch} unless the idempotence rules ({@link ProducerStateTable}) reject it or find it
     * to be a duplicate, which is answered with its original base offset and not appended again.
     */
    AppendResult append(IncomingBatch batch) {
        long baseOffset = endOffset;
        if (batch.isIdempotent()) {
            ProducerStateTable.Decision decision = producers.check(batch);
            if (decision instanceof ProducerStateTable.Duplicate duplicate) {
                duplicatesAnswered++;
                return new AppendResult(ErrorCode.NONE, duplicate.baseOffset());
            }
            if (decision instanceof ProducerStateTable.Reject reject) {
                return new AppendResult(reject.error(), -1);
            }
            producers.appended(batch, baseOffset);
        }
        log.add(new LoggedBatch(baseOffset, batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                batch.values()));
        endOffset += batch.lastOffsetDelta() + 1;
        unconfirmed.add(baseOffset);
        return new AppendResult(ErrorCode.NONE, baseOffset);
    }

    /** The client was told that the batch at {@code baseOffset} was written. */
    void confirmed(long baseOffset) {
        unconfirmed.remove(baseOffset);
    }

    /**
     * Forgets every producer unless some append may still be unknown to the client.
     *
     * @return whether the producers were forgotten
     */
    boolean forgetProducersIfSettled() {
        if (!unconfirmed.isEmpty()) {
            return false;
        }
        producers.forgetAll();
        producerStateLosses++;
        return true;
    }

    /** Every record value in offset order (the value at index i has offset i). */
    List<String> values() {
        List<String> values = new ArrayList<>();
        for (LoggedBatch batch : log) {
            values.addAll(batch.values());
        }
        return values;
    }

    /** Every batch in offset order. */
    List<LoggedBatch> batches() {
        return List.copyOf(log);
    }

    /** How many batches were answered as duplicates of an earlier append. */
    int duplicatesAnswered() {
        return duplicatesAnswered;
    }

    /** How many times the partition forgot its producers. */
    int producerStateLosses() {
        return producerStateLosses;
    }

    @Override
    public String toString() {
        return topic + "-" + index;
    }
}
