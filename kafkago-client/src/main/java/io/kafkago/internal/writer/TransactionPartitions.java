package io.kafkago.internal.writer;

import io.kafkago.ErrorCode;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaFencedException;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.protocol.message.AddPartitionsToTxnResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The partitions of the open transaction, for the sender thread. In transaction version 1 a partition's batches go
 * out only once AddPartitionsToTxn added it (partitions waiting to be added go in one request at a time); in version 2
 * the Produce request adds it, so a partition is in the transaction from its first batch on. Confined to the sender
 * thread, like the queues.
 */
final class TransactionPartitions {

    private final TransactionCoordinator coordinator;
    private final Backoff backoff;
    private final Set<PartitionQueue> added = new HashSet<>();
    private final Map<TopicPartition, PartitionQueue> wanted = new LinkedHashMap<>();
    private boolean requestInFlight;
    private int failedAttempts;
    private long retryAtNanos;
    /** Counts transactions, so an answer arriving after its transaction ended is ignored. */
    private long transaction;
    /** Whether the open transaction uses transaction version 2. */
    private boolean versionTwo;

    TransactionPartitions(TransactionCoordinator coordinator, Backoff backoff) {
        this.coordinator = coordinator;
        this.backoff = backoff;
    }

    /** Whether the partition's batches may be sent in the open transaction; if not, asks for it to be added. */
    boolean isAdded(PartitionQueue queue) {
        if (added.contains(queue)) {
            return true;
        }
        if (versionTwo) {
            added.add(queue); // its Produce request adds it
            return true;
        }
        wanted.putIfAbsent(new TopicPartition(queue.topic, queue.partition), queue);
        return false;
    }

    /** Whether any partition joined the open transaction. */
    boolean any() {
        return !added.isEmpty();
    }

    /** Whether the open transaction uses transaction version 2. */
    boolean versionTwo() {
        return versionTwo;
    }

    /** A new transaction starts, with no partition, in transaction version 2 or 1. */
    void begin(boolean useVersionTwo) {
        clear();
        versionTwo = useVersionTwo;
    }

    /** The transaction ended: the next one starts with no partition. */
    private void clear() {
        added.clear();
        wanted.clear();
        failedAttempts = 0;
        transaction++;
    }

    /**
     * Sends AddPartitionsToTxn for the partitions waiting, unless one is in flight or backing off.
     *
     * @param post     runs the answer's handling on the sender thread
     * @param failures told of each partition that cannot join (an abortable or fatal error)
     */
    void maybeSend(TransactionCoordinator.ProducerIdAndEpoch producer, long nowNanos, Consumer<Runnable> post,
                   BiConsumer<PartitionQueue, KafkaException> failures) {
        if (requestInFlight || wanted.isEmpty() || nowNanos - retryAtNanos < 0) {
            return;
        }
        requestInFlight = true;
        Map<TopicPartition, PartitionQueue> sending = new LinkedHashMap<>(wanted);
        long sentIn = transaction;
        coordinator.addPartitions(producer, sending.keySet()).whenComplete((response, error) -> post.accept(() -> {
            requestInFlight = false;
            if (sentIn == transaction) {
                answered(sending, response, error, failures);
            }
        }));
    }

    /** When the next attempt may go out ({@link System#nanoTime()} based), or 0 when none is waiting. */
    long retryAtNanos() {
        return wanted.isEmpty() || requestInFlight ? 0 : retryAtNanos;
    }

    private void answered(Map<TopicPartition, PartitionQueue> sent, AddPartitionsToTxnResponse response,
                          Throwable error, BiConsumer<PartitionQueue, KafkaException> failures) {
        boolean retry = false;
        boolean concurrent = false;
        if (error != null) {
            coordinator.forgetCoordinator();
            retry = true;
        } else {
            Map<TopicPartition, ErrorCode> errors = TransactionCoordinator.partitionErrors(response);
            ErrorCode top = ErrorCode.forCode(response.errorCode());
            for (Map.Entry<TopicPartition, PartitionQueue> entry : sent.entrySet()) {
                ErrorCode code = top != ErrorCode.NONE ? top : errors.getOrDefault(entry.getKey(), ErrorCode.NONE);
                if (code == ErrorCode.NONE) {
                    added.add(entry.getValue());
                    wanted.remove(entry.getKey());
                } else if (TransactionCoordinator.isFenced(code)) {
                    wanted.remove(entry.getKey());
                    failures.accept(entry.getValue(), new KafkaFencedException(code, "adding " + entry.getKey()
                            + " to the transaction of " + coordinator.transactionalId()));
                } else if (TransactionCoordinator.isRetriable(code) || code == ErrorCode.OPERATION_NOT_ATTEMPTED) {
                    retry = true; // OPERATION_NOT_ATTEMPTED: another partition of the request failed
                    concurrent |= code == ErrorCode.CONCURRENT_TRANSACTIONS;
                    if (code == ErrorCode.NOT_COORDINATOR || code == ErrorCode.COORDINATOR_NOT_AVAILABLE) {
                        coordinator.forgetCoordinator();
                    }
                } else {
                    wanted.remove(entry.getKey());
                    failures.accept(entry.getValue(), new KafkaBrokerException(code, "adding " + entry.getKey()
                            + " to the transaction of " + coordinator.transactionalId()));
                }
            }
        }
        if (retry) {
            failedAttempts++;
            retryAtNanos = System.nanoTime() + (concurrent ? TransactionCoordinator.CONCURRENT_TRANSACTIONS_PAUSE_NANOS
                    : backoff.delayNanos(failedAttempts));
        } else {
            failedAttempts = 0;
        }
    }
}
