package io.kafkago.internal;

import io.kafkago.protocol.message.FetchResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Drops the records of aborted transactions from one partition's fetch response, for
 * {@code read_committed} readers.
 *
 * <p>The broker lists, per partition, the aborted transactions overlapping the returned data as
 * (producer id, first offset) pairs. Walking the batches in offset order, a producer becomes
 * "aborted" once a batch reaches its first offset; its transactional batches are skipped until
 * the producer's ABORT control batch closes the transaction. Control batches themselves are
 * never delivered. One filter instance serves one partition of one response at a time and is
 * reused (via {@link #reset}) so the hot path allocates only when transactions were aborted. Used by the Reader's
 * fetch decoder and by {@code Conn}'s batches.
 */
public final class AbortedTransactionFilter {

    private long[] producerIds = new long[0];
    private long[] firstOffsets = new long[0];
    private int count;
    private int next;
    private final Set<Long> abortedProducers = new HashSet<>();
    private long[] listedProducerIds = new long[0];
    private long[] listedFirstOffsets = new long[0];

    /** Starts a partition's data with the aborted transactions its fetch response lists (null or empty: none). */
    public void reset(List<FetchResponse.AbortedTransaction> aborted) {
        int length = aborted == null ? 0 : aborted.size();
        if (listedProducerIds.length < length) {
            listedProducerIds = new long[length];
            listedFirstOffsets = new long[length];
        }
        for (int i = 0; i < length; i++) {
            FetchResponse.AbortedTransaction transaction = aborted.get(i);
            listedProducerIds[i] = transaction.producerId();
            listedFirstOffsets[i] = transaction.firstOffset();
        }
        reset(listedProducerIds, listedFirstOffsets, length);
    }

    /**
     * Starts a partition's data.
     *
     * @param abortedProducerIds  producer ids from the response's AbortedTransactions, in any order
     * @param abortedFirstOffsets the matching first offsets
     * @param length              number of aborted transactions (0 when the broker sent none)
     */
    public void reset(long[] abortedProducerIds, long[] abortedFirstOffsets, int length) {
        abortedProducers.clear();
        next = 0;
        count = length;
        if (length == 0) {
            return;
        }
        if (producerIds.length < length) {
            producerIds = new long[length];
            firstOffsets = new long[length];
        }
        Integer[] order = new Integer[length];
        for (int i = 0; i < length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(abortedFirstOffsets[a], abortedFirstOffsets[b]));
        for (int i = 0; i < length; i++) {
            producerIds[i] = abortedProducerIds[order[i]];
            firstOffsets[i] = abortedFirstOffsets[order[i]];
        }
    }

    /**
     * Whether the records of a data batch must be dropped.
     *
     * @param lastOffset    the batch's last offset (base offset + last offset delta)
     * @param producerId    the batch's producer id
     * @param transactional the batch's transactional attribute
     * @return true when the batch belongs to an aborted transaction
     */
    public boolean skipsDataBatch(long lastOffset, long producerId, boolean transactional) {
        admitAbortsUpTo(lastOffset);
        return transactional && !abortedProducers.isEmpty() && abortedProducers.contains(producerId);
    }

    /**
     * Notes a control batch (which is itself never delivered): an ABORT marker ends the
     * producer's aborted transaction, so its later batches are read again.
     *
     * @param lastOffset the control batch's last offset
     * @param producerId the batch's producer id
     * @param abort      true for an ABORT marker, false for COMMIT
     */
    public void controlBatch(long lastOffset, long producerId, boolean abort) {
        admitAbortsUpTo(lastOffset);
        if (abort) {
            abortedProducers.remove(producerId);
        }
    }

    private void admitAbortsUpTo(long lastOffset) {
        while (next < count && firstOffsets[next] <= lastOffset) {
            abortedProducers.add(producerIds[next]);
            next++;
        }
    }
}
