package io.kafkago.internal.writer;

import io.kafkago.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Where writer threads leave records for the sender: one {@link PartitionQueue} per partition, each
 * with an open batch that records are encoded into as they arrive. A batch is sealed when the next
 * record would break the count or byte limit, when a flush asks for it, or when the sender decides a
 * partial batch should go (see {@link Sender}).
 *
 * <p>One lock guards the writer side of all queues: a write call takes it once for all its
 * messages, and the sender takes it once per pass to collect sealed batches.
 */
final class RecordAccumulator {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition batchCompleted = lock.newCondition();
    private final ConcurrentHashMap<String, PartitionQueue[]> queuesByTopic = new ConcurrentHashMap<>();
    private final BuilderPool builders;
    private final int batchSize;
    private final int batchBytes;
    /** Queues that received records since the sender last looked (guarded by the lock). */
    private final List<PartitionQueue> announced = new ArrayList<>();
    /** Batches created and not yet done, for flush (guarded by the lock). */
    private final Set<ProducerBatch> incomplete = new HashSet<>();
    private int flushWaiters;

    RecordAccumulator(BuilderPool builders, int batchSize, int batchBytes) {
        this.builders = builders;
        this.batchSize = batchSize;
        this.batchBytes = batchBytes;
    }

    /** The queue of a partition, created on first use. */
    PartitionQueue queue(String topic, int partition) {
        PartitionQueue[] queues = queuesByTopic.get(topic);
        if (queues != null && partition < queues.length) {
            return queues[partition];
        }
        lock.lock();
        try {
            queues = queuesByTopic.get(topic);
            int known = queues == null ? 0 : queues.length;
            if (partition >= known) {
                PartitionQueue[] grown = new PartitionQueue[partition + 1];
                if (queues != null) {
                    System.arraycopy(queues, 0, grown, 0, known);
                }
                for (int i = known; i < grown.length; i++) {
                    grown[i] = new PartitionQueue(topic, i);
                }
                queuesByTopic.put(topic, grown);
                queues = grown;
            }
            return queues[partition];
        } finally {
            lock.unlock();
        }
    }

    /**
     * Encodes messages {@code [from, to)} of {@code write} into their partitions' open batches.
     *
     * @param targets        the queue of each message, indexed like the call's messages
     * @param recordSizes    each message's worst-case encoded size, also the bytes reserved for it
     * @param timestampMillis the time stamped on messages that carry none
     */
    void append(PendingWrite write, int from, int to, PartitionQueue[] targets, int[] recordSizes,
                long timestampMillis, long nowNanos) {
        lock.lock();
        try {
            for (int i = from; i < to; i++) {
                PartitionQueue queue = targets[i];
                if (queue == null) {
                    continue;
                }
                Message message = write.message(i);
                long timestamp = message.time() == null ? timestampMillis : message.time().toEpochMilli();
                ProducerBatch batch = queue.open;
                if (batch == null || !batch.tryAppend(timestamp, message.key(), message.value(), message.headers(),
                        recordSizes[i], batchBytes, batchSize)) {
                    if (batch != null) {
                        sealOpen(queue);
                    }
                    batch = openBatch(queue, recordSizes[i], nowNanos);
                    if (!batch.tryAppend(timestamp, message.key(), message.value(), message.headers(), recordSizes[i],
                            batchBytes, batchSize)) {
                        throw new IllegalStateException("a record that passed the size check did not fit an empty batch");
                    }
                }
                batch.addOwner(write, i, payloadBytes(message), recordSizes[i]);
                if (batch.isFull(batchSize)) {
                    sealOpen(queue);
                }
                if (!queue.announced) {
                    queue.announced = true;
                    announced.add(queue);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Key, value and header bytes of a message: what stats count as written bytes. */
    static long payloadBytes(Message message) {
        long bytes = (message.key() == null ? 0 : message.key().length)
                + (message.value() == null ? 0 : message.value().length);
        for (int i = 0, n = message.headers().size(); i < n; i++) {
            byte[] value = message.headers().get(i).value();
            bytes += message.headers().get(i).key().length() + (value == null ? 0 : value.length);
        }
        return bytes;
    }

    /**
     * Hands the sender what writers produced since its last pass: queues newly holding records are added to
     * {@code active} (once), and every sealed batch moves to its queue's ready list. Open batches of queues
     * for which {@code sealPartial} says so are sealed and moved too.
     *
     * @param startedAfterNanos only open batches started after this time count for the result
     * @return when the oldest batch still open and started after {@code startedAfterNanos} was started
     *     ({@link System#nanoTime()}), or {@link Long#MAX_VALUE} when there is none
     */
    long collect(List<PartitionQueue> active, PartialBatchPolicy sealPartial, long startedAfterNanos) {
        long earliestOpen = Long.MAX_VALUE;
        lock.lock();
        try {
            if (!announced.isEmpty()) {
                for (PartitionQueue queue : announced) {
                    queue.announced = false;
                    if (!queue.active) {
                        queue.active = true;
                        active.add(queue);
                    }
                }
                announced.clear();
            }
            for (int i = 0; i < active.size(); i++) {
                PartitionQueue queue = active.get(i);
                if (queue.open != null && sealPartial.shouldSeal(queue, queue.open)) {
                    sealOpen(queue);
                }
                if (queue.open != null && queue.open.createdNanos() - startedAfterNanos > 0) {
                    earliestOpen = Math.min(earliestOpen, queue.open.createdNanos());
                }
                while (!queue.sealed.isEmpty()) {
                    queue.addReady(queue.sealed.pollFirst());
                }
            }
            return earliestOpen;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} on every partition queue ever created; for the sender thread. */
    void forEachQueue(Consumer<PartitionQueue> action) {
        for (PartitionQueue[] queues : queuesByTopic.values()) {
            for (PartitionQueue queue : queues) {
                action.accept(queue);
            }
        }
    }

    /** The topics written to so far. */
    List<String> topics() {
        return new ArrayList<>(queuesByTopic.keySet());
    }

    /** Whether the writers hold no records for {@code queue} (no open or sealed batch). */
    boolean isIdleForWriters(PartitionQueue queue) {
        lock.lock();
        try {
            return queue.open == null && queue.sealed.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The sender finished with a batch (written or failed for good): wakes flushes waiting for it. */
    void completed(ProducerBatch batch) {
        lock.lock();
        try {
            incomplete.remove(batch);
            if (flushWaiters > 0) {
                batchCompleted.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals every open batch so it goes out at once, and returns the batches not done yet: those a flush
     * waits for.
     */
    List<ProducerBatch> sealAllForFlush() {
        lock.lock();
        try {
            for (PartitionQueue[] queues : queuesByTopic.values()) {
                for (PartitionQueue queue : queues) {
                    if (queue.open != null) {
                        sealOpen(queue);
                        if (!queue.announced) {
                            queue.announced = true;
                            announced.add(queue);
                        }
                    }
                }
            }
            return new ArrayList<>(incomplete);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every batch in {@code batches} is done.
     *
     * @return false when the deadline passed first
     */
    boolean awaitCompletion(List<ProducerBatch> batches, long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        flushWaiters++;
        try {
            for (ProducerBatch batch : batches) {
                while (!batch.isDone()) {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    batchCompleted.await(remaining, TimeUnit.NANOSECONDS);
                }
            }
            return true;
        } finally {
            flushWaiters--;
            lock.unlock();
        }
    }

    /** Every batch still held by writers (open or sealed, not yet collected), removed from their queues. */
    List<ProducerBatch> removeWriterBatches() {
        lock.lock();
        try {
            List<ProducerBatch> removed = new ArrayList<>();
            for (PartitionQueue[] queues : queuesByTopic.values()) {
                for (PartitionQueue queue : queues) {
                    removed.addAll(queue.sealed);
                    queue.sealed.clear();
                    if (queue.open != null) {
                        removed.add(queue.open);
                        queue.open = null;
                    }
                }
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Decides, per queue, whether the sender takes a batch that is not full yet. */
    @FunctionalInterface
    interface PartialBatchPolicy {
        boolean shouldSeal(PartitionQueue queue, ProducerBatch open);
    }

    private ProducerBatch openBatch(PartitionQueue queue, int firstRecordSize, long nowNanos) {
        // The first record's worst-case size overestimates; half again as many slots avoids growing the arrays.
        long fitting = (long) batchBytes * 3 / 2 / Math.max(1, firstRecordSize) + 1;
        int expectedRecords = (int) Math.min(batchSize, fitting);
        ProducerBatch batch = new ProducerBatch(queue, builders.take(), expectedRecords, nowNanos);
        queue.open = batch;
        incomplete.add(batch);
        return batch;
    }

    private void sealOpen(PartitionQueue queue) {
        ProducerBatch batch = queue.open;
        batch.ordinal(queue.nextOrdinal++);
        queue.sealed.addLast(batch);
        queue.open = null;
    }
}
