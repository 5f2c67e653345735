package io.kafkago.internal.reader;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaCorruptRecordException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.Message;
import io.kafkago.OffsetOutOfRangePolicy;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.network.Failures;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.FetchRequest;
import io.kafkago.protocol.message.FetchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's fetch loop: one thread per reader that keeps one Fetch request in flight per
 * leader broker, covering all partitions that broker leads, and puts the decoded messages in the
 * {@link PrefetchQueue}. Requests are pipelined futures, so the thread count does not grow with
 * brokers or partitions; the thread only waits for events (responses, new assignments, back-off
 * deadlines) and for room in the queue, which is how a slow application throttles fetching.
 *
 * <p>Errors are handled per partition: stale metadata (leader moved, broker down) triggers a
 * metadata refresh and an exponential back-off; OFFSET_OUT_OF_RANGE follows the configured
 * {@link OffsetOutOfRangePolicy}; a batch that cannot be decoded is reported once and stops
 * that partition where it is, until the application moves it on (refetching would return the
 * same bytes); anything else, an answer that cannot be read included, is reported to the
 * application through the queue once per failed attempt and retried after the back-off.
 */
public final class Fetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    /** Fetch v13+ addresses topics by id; this loop addresses them by name. */
    private static final short MAX_FETCH_VERSION = 12;
    /** How long a replica the leader preferred is fetched from before the leader is asked again, as kafka-clients. */
    private static final long PREFERRED_REPLICA_LEASE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final ReaderConfig config;
    private final ReaderCluster cluster;
    private final PrefetchQueue<Message> queue;
    private final ReaderMetrics metrics;
    private final Backoff backoff;
    private final FetchResponseDecoder decoder;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private Thread thread;
    private volatile boolean closed;

    // State below is touched by the fetch thread only.
    private long epoch = -1;
    private final Map<TopicPartition, PartitionFetch> partitions = new LinkedHashMap<>();
    private final Set<Integer> brokersInFlight = new HashSet<>();
    /** Partitions the application paused; changed under the queue's lock, with the epoch. */
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    /** Partitions fetched in the current epoch (none paused or not); changed under the queue's lock. */
    private final Set<TopicPartition> fetched = ConcurrentHashMap.newKeySet();

    /**
     * @param config  reader settings (fetch sizes, wait, isolation, back-off, out-of-range policy)
     * @param cluster connections and metadata
     * @param queue   where fetched messages go
     * @param metrics counters to update
     */
    public Fetcher(ReaderConfig config, ReaderCluster cluster, PrefetchQueue<Message> queue, ReaderMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.backoff = new Backoff(config.readBackoffMin(), config.readBackoffMax());
        this.decoder = new FetchResponseDecoder(config.isolationLevel(), config.maxDecompressedBatchBytes(),
                config.maxBytes());
    }

    /**
     * Replaces what is fetched: drops everything queued and starts fetching each partition from
     * its offset ({@code FIRST_OFFSET}/{@code LAST_OFFSET} are resolved first). An empty map
     * pauses fetching. Responses to requests sent for the previous assignment are discarded.
     *
     * @param startOffsets chooses the offsets; it runs under the queue's lock, in the same step as
     *                     the reset ({@link PrefetchQueue#reset(java.util.function.LongConsumer)}),
     *                     so no message is taken between the choice and the drop, and it may move
     *                     the read position (or open a generation) in that step too
     */
    public void assign(Supplier<Map<TopicPartition, Long>> startOffsets) {
        queue.reset(newEpoch -> {
            Map<TopicPartition, Long> chosen = Map.copyOf(startOffsets.get());
            paused.retainAll(chosen.keySet());
            fetched.clear();
            fetched.addAll(chosen.keySet());
            post(() -> applyAssignment(newEpoch, chosen));
        });
        startThread();
    }

    /**
     * Changes what is fetched incrementally: the {@code removed} partitions stop (their queued messages are
     * dropped), the {@code added} ones start from their offsets, and every other partition goes on where it is,
     * its queued messages kept.
     *
     * @param atomically runs under the queue's lock, in the same step as the drop, so no message of a removed
     *                   partition is taken after it (it may move the group's bookkeeping on)
     */
    public void reassign(Set<TopicPartition> removed, Map<TopicPartition, Long> added, Runnable atomically) {
        Set<TopicPartition> gone = Set.copyOf(removed);
        Map<TopicPartition, Long> starts = Map.copyOf(added);
        queue.drop(message -> gone.contains(new TopicPartition(message.topic(), message.partition())),
                failure -> failure instanceof KafkaCorruptRecordException corrupt
                        && gone.contains(corrupt.topicPartition()),
                newEpoch -> {
                    atomically.run();
                    paused.removeAll(gone);
                    fetched.removeAll(gone);
                    fetched.addAll(starts.keySet());
                    post(() -> applyReassignment(newEpoch, gone, starts));
                    return true;
                });
        startThread();
    }

    /**
     * Stops fetching {@code partition} until {@link #resume}: its queued messages are held back (dropped now and
     * fetched again from the first of them on resume), the other partitions go on.
     *
     * @param allowed runs under the queue's lock first; when false (not fetched now) nothing changes
     * @return whether the partition was paused
     */
    public boolean pause(TopicPartition partition, BooleanSupplier allowed) {
        boolean done = queue.drop(message -> message.topic().equals(partition.topic())
                        && message.partition() == partition.partition(),
                failure -> false,
                (newEpoch, dropped) -> {
                    if (!fetched.contains(partition) || !allowed.getAsBoolean()) {
                        return false;
                    }
                    paused.add(partition);
                    long rewindTo = dropped.isEmpty() ? -1 : dropped.get(0).offset();
                    post(() -> applyPause(newEpoch, partition, rewindTo));
                    return true;
                });
        startThread();
        return done;
    }

    /** Fetches a paused partition again; false when it was not paused. */
    public boolean resume(TopicPartition partition) {
        return queue.whileLocked(() -> {
            if (!paused.remove(partition)) {
                return false;
            }
            post(() -> {
                PartitionFetch fetch = partitions.get(partition);
                if (fetch != null) {
                    fetch.paused = false;
                }
            });
            return true;
        });
    }

    /** The partitions paused now. */
    public Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    /**
     * Moves one fetched partition to {@code offset} (also one stopped at a batch that cannot be
     * decoded): its queued messages, and its queued decoding failure, are dropped; the other
     * partitions keep theirs and go on after them.
     *
     * @param allowed runs under the queue's lock first; when false (the partition is not assigned
     *                any more) nothing changes
     * @return whether the partition was moved
     */
    public boolean seek(TopicPartition partition, long offset, BooleanSupplier allowed) {
        boolean moved = queue.drop(message -> message.topic().equals(partition.topic())
                        && message.partition() == partition.partition(),
                failure -> failure instanceof KafkaCorruptRecordException corrupt
                        && corrupt.topicPartition().equals(partition),
                newEpoch -> {
                    if (!allowed.getAsBoolean()) {
                        return false;
                    }
                    post(() -> applySeek(newEpoch, partition, offset));
                    return true;
                });
        startThread();
        return moved;
    }

    /** Stops the loop; responses still in flight are discarded. Returns without waiting for a fetch to finish. */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (lifecycle) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
        }
    }

    private void startThread() {
        synchronized (lifecycle) {
            if (thread != null || closed) {
                return;
            }
            thread = new Thread(this::run, "kafkago-reader-fetch-" + config.topics());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void post(Runnable event) {
        inbox.add(event);
    }

    private void run() {
        try {
            while (!closed) {
                Runnable event = inbox.poll(nanosUntilNextDeadline(), TimeUnit.NANOSECONDS);
                while (event != null && !closed) {
                    runSafely(event);
                    event = inbox.poll();
                }
                if (!closed) {
                    sendRequests();
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts the thread to end it
        }
    }

    /** Runs an event; a bug in one must not end fetching for good, so it is logged and the loop goes on. */
    private void runSafely(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            metrics.recordError();
            log.error("reader fetch loop for {}: unexpected error, continuing", config.topics(), e);
            queue.putFailure(epoch, new KafkaException("reader fetch loop error: " + e, e));
        }
    }

    private void applyAssignment(long newEpoch, Map<TopicPartition, Long> startOffsets) {
        epoch = newEpoch;
        partitions.clear();
        brokersInFlight.clear();
        startOffsets.forEach(this::addPartition);
    }

    private void addPartition(TopicPartition partition, long offset) {
        PartitionFetch fetch = new PartitionFetch(partition, offset);
        fetch.paused = paused.contains(partition);
        partitions.put(partition, fetch);
    }

    private void applyReassignment(long newEpoch, Set<TopicPartition> removed, Map<TopicPartition, Long> added) {
        restartInFlight(newEpoch);
        removed.forEach(partitions::remove);
        added.forEach(this::addPartition);
    }

    private void applyPause(long newEpoch, TopicPartition target, long rewindTo) {
        restartInFlight(newEpoch);
        PartitionFetch fetch = partitions.get(target);
        if (fetch != null) {
            fetch.paused = true;
            if (rewindTo >= 0) {
                fetch.fetchOffset = rewindTo;
            }
        }
    }

    /**
     * Requests in flight belong to the old epoch now and their answers are dropped, so every partition is free to be
     * fetched again from its offset, which is where its last queued messages end.
     */
    private void restartInFlight(long newEpoch) {
        epoch = newEpoch;
        brokersInFlight.clear();
        partitions.values().forEach(partition -> partition.busy = false);
    }

    private void applySeek(long newEpoch, TopicPartition target, long offset) {
        restartInFlight(newEpoch);
        PartitionFetch moved = partitions.get(target);
        if (moved != null) {
            moved.fetchOffset = offset;
            moved.stopped = false;
            moved.succeeded();
        }
    }

    private long nanosUntilNextDeadline() {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        for (PartitionFetch partition : partitions.values()) {
            boolean waitsForItsBroker = !partition.needsOffset() && brokersInFlight.contains(partition.fetchNode(now));
            if (!partition.busy && !partition.stopped && !partition.paused && !waitsForItsBroker) {
                wait = Math.min(wait, Math.max(0, partition.notBeforeNanos - now));
            }
        }
        return wait; // partitions waiting for their broker's fetch are woken by its response event
    }

    /** Sends ListOffsets for partitions without an offset and one Fetch per idle leader for the rest. */
    private void sendRequests() {
        long now = System.nanoTime();
        Map<Integer, List<PartitionFetch>> fetchByLeader = new HashMap<>();
        Map<TopicPartition, Long> toResolve = new HashMap<>();
        for (PartitionFetch partition : partitions.values()) {
            if (!partition.readyAt(now)) {
                continue;
            }
            ReaderCluster.Leader leader = cluster.leader(partition.topicPartition);
            if (leader == null) {
                backOff(partition);
                reportMissingLeader(partition);
                continue;
            }
            partition.leaderId = leader.nodeId();
            partition.leaderEpoch = leader.epoch();
            partition.leaderMissingSinceNanos = 0;
            if (partition.needsOffset()) {
                toResolve.put(partition.topicPartition, partition.fetchOffset);
                continue;
            }
            int node = partition.fetchNode(now);
            if (!brokersInFlight.contains(node)) {
                partition.fetchedFrom = node;
                fetchByLeader.computeIfAbsent(node, id -> new ArrayList<>()).add(partition);
            }
        }
        if (!toResolve.isEmpty()) {
            resolveOffsets(toResolve);
        }
        fetchByLeader.forEach(this::sendFetch);
    }

    private void resolveOffsets(Map<TopicPartition, Long> timestamps) {
        long requestEpoch = epoch;
        timestamps.keySet().forEach(tp -> partitions.get(tp).busy = true);
        cluster.listOffsets(timestamps, config.isolationLevel()).whenComplete((offsets, error) -> post(() -> {
            if (requestEpoch != epoch) {
                return;
            }
            for (TopicPartition tp : timestamps.keySet()) {
                PartitionFetch partition = partitions.get(tp);
                partition.busy = false;
                Long offset = offsets == null ? null : offsets.get(tp);
                if (offset != null && offset >= 0) {
                    partition.fetchOffset = offset;
                    partition.succeeded();
                } else {
                    retryLater(partition, error, "list offsets");
                }
            }
            if (error != null) {
                reportIfAccessDenied(requestEpoch, error);
                reportIfUnreadable(requestEpoch, error, () -> "list offsets of " + timestamps.keySet());
            }
        }));
    }

    private void sendFetch(int leaderId, List<PartitionFetch> batch) {
        long requestEpoch = epoch;
        FetchRequest request = buildFetch(batch);
        brokersInFlight.add(leaderId);
        batch.forEach(partition -> partition.busy = true);
        long timeoutNanos = config.maxWait().toNanos() + config.dialer().requestTimeout().toNanos();
        cluster.fetch(leaderId, request, MAX_FETCH_VERSION, timeoutNanos).whenComplete((reply, error) -> post(() -> {
            try {
                handleFetchReply(leaderId, requestEpoch, batch, reply, error);
            } finally {
                if (reply != null) {
                    reply.release();
                }
            }
        }));
    }

    private void handleFetchReply(int leaderId, long requestEpoch, List<PartitionFetch> batch, FetchReply reply,
                                  Throwable error) {
        if (requestEpoch != epoch) {
            return;
        }
        brokersInFlight.remove(leaderId);
        batch.forEach(partition -> partition.busy = false);
        if (error != null) {
            metrics.recordError();
            batch.forEach(partition -> {
                partition.preferredReplica = -1; // an unreachable follower: back to the leader
                retryLater(partition, error, "fetch from broker " + leaderId);
            });
            reportIfAccessDenied(requestEpoch, error);
            reportIfUnreadable(requestEpoch, error, () -> "fetch of " + describe(batch) + " from broker " + leaderId);
            return;
        }
        metrics.recordFetch(batch.get(0).fetchedFromFollower());
        handleFetchResponse(leaderId, requestEpoch, batch, reply.response());
    }

    private FetchRequest buildFetch(List<PartitionFetch> batch) {
        Map<String, List<FetchRequest.FetchPartition>> byTopic = new LinkedHashMap<>();
        for (PartitionFetch partition : batch) {
            byTopic.computeIfAbsent(partition.topicPartition.topic(), topic -> new ArrayList<>()).add(
                    new FetchRequest.FetchPartition()
                            .setPartition(partition.topicPartition.partition())
                            .setCurrentLeaderEpoch(partition.leaderEpoch)
                            .setFetchOffset(partition.fetchOffset)
                            .setLastFetchedEpoch(-1)
                            .setLogStartOffset(-1)
                            .setPartitionMaxBytes(config.maxBytes()));
        }
        List<FetchRequest.FetchTopic> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, fetchPartitions) -> topics.add(
                new FetchRequest.FetchTopic().setTopic(topic).setPartitions(fetchPartitions)));
        return new FetchRequest()
                .setReplicaId(-1)
                .setMaxWaitMs((int) Math.min(Integer.MAX_VALUE, config.maxWait().toMillis()))
                .setMinBytes(config.minBytes())
                .setMaxBytes(config.maxBytes())
                .setIsolationLevel(config.isolationLevel().id())
                .setSessionId(0)
                .setSessionEpoch(-1)
                .setTopics(topics)
                .setRackId(config.rackId() == null ? "" : config.rackId()); // with a rack, the leader may send us to a replica in it (KIP-392)
    }

    private void handleFetchResponse(int leaderId, long requestEpoch, List<PartitionFetch> batch,
                                     FetchResponse response) {
        ErrorCode topLevel = ErrorCode.forCode(response.errorCode());
        if (topLevel != ErrorCode.NONE) {
            metrics.recordError();
            KafkaBrokerException error = new KafkaBrokerException(topLevel, "fetch from broker " + leaderId);
            batch.forEach(partition -> retryLater(partition, error, "fetch"));
            return;
        }
        Map<TopicPartition, PartitionFetch> asked = new HashMap<>();
        batch.forEach(partition -> asked.put(partition.topicPartition, partition));
        for (FetchResponse.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponse.PartitionData data : topic.partitions()) {
                PartitionFetch partition = asked.remove(new TopicPartition(topic.topic(), data.partitionIndex()));
                if (partition == null) {
                    continue;
                }
                if (!handlePartition(partition, data, requestEpoch)) {
                    return; // the queue was reset or closed while this thread waited for room
                }
            }
        }
    }

    /** @return false when the queue refused the chunk (new epoch or closed): the rest of the response is stale */
    private boolean handlePartition(PartitionFetch partition, FetchResponse.PartitionData data, long requestEpoch) {
        ErrorCode error = ErrorCode.forCode(data.errorCode());
        if (error != ErrorCode.NONE && partition.fetchedFromFollower()) {
            // a follower that cannot serve (behind the leader, no longer a replica, restarting): ask the leader,
            // which alone decides whether the offset is really out of range
            partition.preferredReplica = -1;
            partition.avoidedReplica = partition.fetchedFrom;
            partition.avoidedUntilNanos = System.nanoTime() + PREFERRED_REPLICA_LEASE_NANOS;
            retryLater(partition, new KafkaBrokerException(error, "fetch " + partition.topicPartition + " from replica "
                    + partition.fetchedFrom), "fetch from a follower, next from the leader,");
            return true;
        }
        if (error == ErrorCode.NONE && data.preferredReadReplica() >= 0 && data.preferredReadReplica() != partition.fetchedFrom
                && !partition.avoids(data.preferredReadReplica(), System.nanoTime())) {
            partition.preferredReplica = data.preferredReadReplica();
            partition.preferredUntilNanos = System.nanoTime() + PREFERRED_REPLICA_LEASE_NANOS;
            log.debug("{}: the leader prefers replica {} for this reader's rack", partition.topicPartition,
                    partition.preferredReplica);
        }
        switch (error) {
            case NONE -> {
                return deliver(partition, data, requestEpoch);
            }
            case OFFSET_OUT_OF_RANGE -> {
                return handleOutOfRange(partition, requestEpoch);
            }
            default -> {
                metrics.recordError();
                KafkaBrokerException failure = new KafkaBrokerException(error,
                        "fetch " + partition.topicPartition + " at offset " + partition.fetchOffset);
                retryLater(partition, failure, "fetch");
                if (!error.retriable() && !ReaderCluster.isStaleMetadata(error)) {
                    queue.putFailure(requestEpoch, failure);
                }
                return true;
            }
        }
    }

    /**
     * Decodes the partition's records into the queue chunk by chunk, waiting for room between chunks.
     *
     * @return false when the queue refused a chunk (new epoch or closed)
     */
    private boolean deliver(PartitionFetch partition, FetchResponse.PartitionData data, long requestEpoch) {
        decoder.start(partition.topicPartition, partition.fetchOffset, data);
        try {
            for (List<Message> chunk; !(chunk = decoder.nextChunk()).isEmpty(); ) {
                if (!queue.put(requestEpoch, chunk, decoder.lastChunkBytes())) {
                    return false;
                }
                // a seek of another partition keeps what is queued: this partition goes on after it
                partition.fetchOffset = chunk.get(chunk.size() - 1).offset() + 1;
            }
        } catch (KafkaCorruptRecordException e) {
            metrics.recordError();
            if (queue.putFailure(requestEpoch, e)) { // else the data was stale: it is fetched again
                log.warn("{}: stopped at a record batch that cannot be decoded: {}", partition.topicPartition,
                        e.getMessage());
                partition.fetchOffset = e.offset();
                partition.stopped = true;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        partition.succeeded();
        partition.fetchOffset = decoder.nextOffset();
        return true;
    }

    private boolean handleOutOfRange(PartitionFetch partition, long requestEpoch) {
        OffsetOutOfRangePolicy policy = config.offsetOutOfRangePolicy();
        long offset = partition.fetchOffset;
        log.info("offset {} is out of range for {}; policy {}", offset, partition.topicPartition, policy);
        switch (policy) {
            case RESET_TO_START_OFFSET -> partition.fetchOffset = config.startOffset();
            case RESET_TO_FIRST -> partition.fetchOffset = ReaderConfig.FIRST_OFFSET;
            case RESET_TO_LAST -> partition.fetchOffset = ReaderConfig.LAST_OFFSET;
            case FAIL -> // stopped only once the application is told; a stale answer is fetched again
                partition.stopped = queue.putFailure(requestEpoch, new KafkaBrokerException(
                        ErrorCode.OFFSET_OUT_OF_RANGE, "offset " + offset + " of " + partition.topicPartition
                                + " is out of range (policy FAIL: call setOffset to go on)"));
        }
        return true;
    }

    /**
     * Tells the application, once per attempt, why a partition cannot be fetched when metadata
     * gives a reason (no such topic or partition, no authorization) or could not be had because
     * the brokers refused the client's credentials or answered with bytes that cannot be read; a
     * leader election in progress is just waited out.
     */
    private void reportMissingLeader(PartitionFetch partition) {
        KafkaException failed = cluster.refreshFailure(partition.topicPartition.topic());
        if (failed != null) {
            metrics.recordError();
            queue.putFailure(epoch, failed);
            return;
        }
        if (partition.leaderMissingSinceNanos == 0) {
            partition.leaderMissingSinceNanos = System.nanoTime();
            return; // the cached metadata may predate the partition: judge from a refresh
        }
        ErrorCode reason = cluster.missingLeaderReason(partition.topicPartition, partition.leaderMissingSinceNanos);
        if (reason != ErrorCode.NONE && reason != ErrorCode.LEADER_NOT_AVAILABLE) {
            metrics.recordError();
            queue.putFailure(epoch, new KafkaBrokerException(reason, "metadata of " + partition.topicPartition));
        }
    }

    /**
     * Hands a failed request's error to the application when the broker would not let the client in
     * (authentication or authorization refused): retrying goes on, but no retry fixes it alone.
     */
    private void reportIfAccessDenied(long requestEpoch, Throwable error) {
        KafkaException denied = Failures.accessDenied(error);
        if (denied != null) {
            queue.putFailure(requestEpoch, denied);
        }
    }

    /**
     * Hands a failed request's error to the application when the broker's answer could not be read (a broken or
     * hostile broker, or something on the way garbling the bytes): retrying goes on, but the application must not
     * mistake it for a partition without new messages.
     */
    private void reportIfUnreadable(long requestEpoch, Throwable error, Supplier<String> what) {
        KafkaProtocolException unreadable = Failures.unreadable(error);
        if (unreadable != null) {
            queue.putFailure(requestEpoch, new KafkaProtocolException(what.get()
                    + " got an answer that cannot be read: " + unreadable.getMessage(), unreadable));
        }
    }

    private static String describe(List<PartitionFetch> batch) {
        StringBuilder text = new StringBuilder();
        for (PartitionFetch partition : batch) {
            text.append(text.isEmpty() ? "" : ", ").append(partition.topicPartition).append(" at offset ")
                    .append(partition.fetchOffset);
        }
        return text.toString();
    }

    /** Backs off after a failure and has the partition's metadata refreshed (its leader may have moved). */
    private void retryLater(PartitionFetch partition, Throwable cause, String what) {
        backOff(partition);
        log.debug("{} for {} failed (attempt {}), retrying: {}", what, partition.topicPartition,
                partition.failures, String.valueOf(cause));
        cluster.invalidate(partition.topicPartition.topic());
    }

    private void backOff(PartitionFetch partition) {
        partition.failures++;
        partition.notBeforeNanos = System.nanoTime() + backoff.delayNanos(partition.failures);
    }
}
