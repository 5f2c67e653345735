package io.kafkago.internal.reader;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.Message;
import io.kafkago.OffsetOutOfRangePolicy;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.network.Failures;
import io.kafkago.protocol.ErrorCode;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * {@link OffsetOutOfRangePolicy}; anything else, an answer that cannot be read included, is
 * reported to the application through the queue once per failed attempt and retried after the
 * back-off.
 */
public final class Fetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);
    /** Fetch v13+ addresses topics by id; this loop addresses them by name. */
    private static final short MAX_FETCH_VERSION = 12;

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
        this.decoder = new FetchResponseDecoder(config.isolationLevel());
    }

    /**
     * Replaces what is fetched: drops everything queued (running {@code atomically} in the same
     * step, see {@link PrefetchQueue#reset(Runnable)}) and starts fetching each partition from
     * its offset ({@code FIRST_OFFSET}/{@code LAST_OFFSET} are resolved first). An empty map
     * pauses fetching. Responses to requests sent for the previous assignment are discarded.
     */
    public void assign(Map<TopicPartition, Long> startOffsets, Runnable atomically) {
        Map<TopicPartition, Long> copy = Map.copyOf(startOffsets);
        long newEpoch = queue.reset(atomically);
        post(() -> applyAssignment(newEpoch, copy));
        startThread();
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
        startOffsets.forEach((tp, offset) -> partitions.put(tp, new PartitionFetch(tp, offset)));
    }

    private long nanosUntilNextDeadline() {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        for (PartitionFetch partition : partitions.values()) {
            boolean waitsForItsBroker = !partition.needsOffset() && brokersInFlight.contains(partition.leaderId);
            if (!partition.busy && !partition.stopped && !waitsForItsBroker) {
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
            } else if (!brokersInFlight.contains(leader.nodeId())) {
                fetchByLeader.computeIfAbsent(leader.nodeId(), id -> new ArrayList<>()).add(partition);
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
        long timeoutNanos = config.maxWait().toNanos() + config.requestTimeout().toNanos();
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
            batch.forEach(partition -> retryLater(partition, error, "fetch from broker " + leaderId));
            reportIfAccessDenied(requestEpoch, error);
            reportIfUnreadable(requestEpoch, error, () -> "fetch of " + describe(batch) + " from broker " + leaderId);
            return;
        }
        metrics.recordFetch();
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
                .setTopics(topics); // no RackId: it would let the broker redirect us to a follower (KIP-392)
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
        switch (error) {
            case NONE -> {
                FetchResponseDecoder.Result result;
                try {
                    result = decoder.decode(partition.topicPartition, partition.fetchOffset, data);
                } catch (KafkaException e) {
                    metrics.recordError();
                    retryLater(partition, e, "decoding records");
                    queue.putFailure(requestEpoch, e);
                    return true;
                }
                partition.succeeded();
                partition.fetchOffset = result.nextOffset();
                if (result.messages().isEmpty()) {
                    return true;
                }
                try {
                    return queue.put(requestEpoch, result.messages());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
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

    private boolean handleOutOfRange(PartitionFetch partition, long requestEpoch) {
        OffsetOutOfRangePolicy policy = config.offsetOutOfRangePolicy();
        long offset = partition.fetchOffset;
        log.info("offset {} is out of range for {}; policy {}", offset, partition.topicPartition, policy);
        switch (policy) {
            case RESET_TO_START_OFFSET -> partition.fetchOffset = config.startOffset();
            case RESET_TO_FIRST -> partition.fetchOffset = ReaderConfig.FIRST_OFFSET;
            case RESET_TO_LAST -> partition.fetchOffset = ReaderConfig.LAST_OFFSET;
            case FAIL -> {
                partition.stopped = true;
                queue.putFailure(requestEpoch, new KafkaBrokerException(ErrorCode.OFFSET_OUT_OF_RANGE,
                        "offset " + offset + " of " + partition.topicPartition
                                + " is out of range (policy FAIL: call setOffset to go on)"));
            }
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
