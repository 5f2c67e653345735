package io.kafkago.internal.writer.sim;

import io.kafkago.ErrorCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * One partition's idempotent-producer state and the rules a Kafka partition leader applies to an incoming
 * batch with a producer id. The facts, and where they come from (apache/kafka, read for behaviour only):
 *
 * <ol>
 *   <li><b>Entry.</b> Per producer id the leader keeps the current epoch and the metadata (first sequence,
 *       last sequence, base offset) of the last {@value #RETAINED_BATCHES} batches appended with that epoch;
 *       an append with another epoch clears them ({@code ProducerStateEntry}: {@code NUM_BATCHES_TO_RETAIN = 5},
 *       {@code maybeUpdateProducerEpoch}). This is why clients keep at most 5 requests in flight per partition
 *       (KAFKA-5494, Kafka 1.0).</li>
 *   <li><b>Duplicates first.</b> Before any other check, a batch whose epoch equals the entry's and whose
 *       first and last sequence equal those of a retained batch is a duplicate: it is not appended again and
 *       the client is answered NONE with the <em>original</em> base offset ({@code UnifiedLog
 *       .analyzeAndValidateProducerState}, {@code ProducerStateEntry.findDuplicateBatch}). Brokers since 1.0 do
 *       not answer DUPLICATE_SEQUENCE_NUMBER; the error code survives only in the protocol.</li>
 *   <li><b>Fencing.</b> An epoch lower than the entry's is rejected with INVALID_PRODUCER_EPOCH
 *       ({@code ProducerAppendInfo.checkProducerEpoch}; Produce responses use this code at every version since
 *       KAFKA-10687, Kafka 2.7).</li>
 *   <li><b>New epoch.</b> An epoch other than the entry's must start at sequence 0, unless the entry has no
 *       epoch yet; otherwise OUT_OF_ORDER_SEQUENCE_NUMBER ({@code ProducerAppendInfo.checkSequence}).</li>
 *   <li><b>Same epoch.</b> The first sequence must follow the entry's last one: {@code lastSeq + 1}, or 0
 *       after {@link Integer#MAX_VALUE} ({@code ProducerAppendInfo.inSequence}); otherwise
 *       OUT_OF_ORDER_SEQUENCE_NUMBER. A retry of a batch older than the retained ones therefore gets
 *       OUT_OF_ORDER_SEQUENCE_NUMBER, not a duplicate answer.</li>
 *   <li><b>Unknown producer.</b> A producer id without an entry (new, or forgotten after retention or
 *       truncation removed its batches) is accepted at any sequence: since KIP-360 (Kafka 2.5) brokers no longer
 *       answer UNKNOWN_PRODUCER_ID ({@code checkSequence}: "accept writes with any sequence number" when there is
 *       no current epoch). A forgotten producer's retries are therefore appended again.</li>
 *   <li><b>Producer ids.</b> InitProducerId without a transactional id always returns a fresh producer id
 *       with epoch 0, whatever id and epoch the request carries ({@code TransactionCoordinator
 *       .handleInitProducerId}: "always blindly accept the request and return a new producerId"); see
 *       {@link SimulatedCluster}.</li>
 * </ol>
 *
 * Transactional checks (markers, verification of KIP-890) are not modelled: the simulated brokers serve
 * idempotent producers only. Guarded by the cluster's lock.
 */
final class ProducerStateTable {

    /** Batches remembered per producer for duplicate detection: Kafka's {@code NUM_BATCHES_TO_RETAIN}. */
    static final int RETAINED_BATCHES = 5;

    /** What the rules decide for an incoming batch. */
    sealed interface Decision {
    }

    /** The batch may be appended. */
    record Accept() implements Decision {
    }

    /** The batch was appended before, at {@code baseOffset}: answer success without appending. */
    record Duplicate(long baseOffset) implements Decision {
    }

    /** The batch is refused with {@code error}. */
    record Reject(ErrorCode error, String reason) implements Decision {
    }

    private record BatchMetadata(int firstSequence, int lastSequence, long baseOffset) {
    }

    private static final class Entry {
        short epoch;
        final Deque<BatchMetadata> batches = new ArrayDeque<>(RETAINED_BATCHES);

        Entry(short epoch) {
            this.epoch = epoch;
        }
    }

    private final Map<Long, Entry> entries = new HashMap<>();

    /** Applies the rules to {@code batch}, which must carry a producer id; changes nothing. */
    Decision check(IncomingBatch batch) {
        Entry entry = entries.get(batch.producerId());
        if (entry == null) {
            return new Accept();
        }
        if (batch.producerEpoch() == entry.epoch) {
            for (BatchMetadata retained : entry.batches) {
                if (retained.firstSequence == batch.baseSequence() && retained.lastSequence == batch.lastSequence()) {
                    return new Duplicate(retained.baseOffset);
                }
            }
        }
        if (batch.producerEpoch() < entry.epoch) {
            return new Reject(ErrorCode.INVALID_PRODUCER_EPOCH, "epoch " + batch.producerEpoch()
                    + " of producer " + batch.producerId() + " is older than " + entry.epoch);
        }
        if (batch.producerEpoch() != entry.epoch) {
            return batch.baseSequence() == 0 ? new Accept() : new Reject(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                    "new epoch " + batch.producerEpoch() + " of producer " + batch.producerId()
                            + " starts at sequence " + batch.baseSequence() + ", not 0");
        }
        int lastSequence = entry.batches.getLast().lastSequence;
        if (batch.baseSequence() != IncomingBatch.nextSequence(lastSequence, 1)) {
            return new Reject(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + batch.producerId() + " sent sequence "
                    + batch.baseSequence() + " after " + lastSequence);
        }
        return new Accept();
    }

    /** Records that {@code batch}, accepted by {@link #check}, was appended at {@code baseOffset}. */
    void appended(IncomingBatch batch, long baseOffset) {
        Entry entry = entries.computeIfAbsent(batch.producerId(), id -> new Entry(batch.producerEpoch()));
        if (entry.epoch != batch.producerEpoch()) {
            entry.epoch = batch.producerEpoch();
            entry.batches.clear();
        }
        if (entry.batches.size() == RETAINED_BATCHES) {
            entry.batches.removeFirst();
        }
        entry.batches.addLast(new BatchMetadata(batch.baseSequence(), batch.lastSequence(), baseOffset));
    }

    /** Forgets every producer, as when retention or truncation removed all their batches. */
    void forgetAll() {
        entries.clear();
    }
}
