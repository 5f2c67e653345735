package io.kafkago.internal.writer;

import io.kafkago.internal.Backoff;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.RequiredAcks;
import io.kafkago.WriteCompletion;
import io.kafkago.WriterConfig;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ClusterMetadata;
import io.kafkago.network.ConnectionPool;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.PartitionMetadata;
import io.kafkago.network.TopicMetadata;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ErrorCode;
import io.kafkago.protocol.message.MetadataRequest;
import io.kafkago.protocol.message.ProduceRequest;
import io.kafkago.protocol.message.ProduceResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Writer's only thread: takes batches from the accumulator, groups them per partition leader into
 * Produce requests (one batch per partition per request, several requests in flight per broker), and
 * settles every batch from the answers: success, retry with back-off in the original order, or failure.
 *
 * <p>All delivery state (queues, in-flight counts, sequences, producer id) is confined to this thread.
 * Connections complete their futures on their own reader threads; those callbacks only post an event
 * here and wake the thread, so no callback ever blocks a connection.
 *
 * <p>A batch that is not full goes out when its broker has nothing in flight, or when it has lingered
 * {@code batchTimeout} and a request slot is free. Batches arriving while requests are in flight
 * therefore gather naturally, and a lone synchronous write is sent at once.
 */
final class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    /** Produce v13 names topics by id only; v12 (Kafka 3.7+) and older carry names, which every broker takes. */
    private static final short MAX_PRODUCE_VERSION = 12;
    /** Longest sleep without news, so metadata ages and deadlines are looked at now and then. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Base offset of a batch whose offsets are not known (acks=0, or written by an earlier attempt). */
    private static final long UNKNOWN_OFFSET = -1;
    /**
     * Most batch bytes one Produce request carries (unless a single batch is larger), well below the broker's
     * default {@code socket.request.max.bytes} of 100 MiB; more batches for the broker go in the next request.
     */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private final ConnectionPool pool;
    private final MetadataCache metadata;
    private final RecordAccumulator accumulator;
    private final BufferBudget budget;
    private final WriterMetrics metrics;
    private final BufferPool buffers;
    private final BuilderPool builders;
    private final Backoff backoff;
    private final ProducerIdentity identity;
    private final WriteCompletion completion;
    private final boolean idempotent;
    private final short acks;
    private final int maxAttempts;
    private final int maxInFlightPerBroker;
    private final int maxInFlightPerPartition;
    private final long lingerNanos;
    private final long maxRequestBytes;
    private final long metadataMaxAgeNanos;
    private final int produceTimeoutMs;
    private final Duration requestTimeout;

    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private volatile boolean wakeupPending;
    private volatile boolean stopRequested;
    /** Why the sender stops; written before {@link #stopRequested} is set. */
    private volatile KafkaException stopReason;
    private volatile KafkaException crash;

    private final RecordAccumulator.PartialBatchPolicy partialBatchPolicy = this::shouldSendPartial;
    private final Consumer<Runnable> poster = this::post;
    private final Runnable metadataRefresh = () -> metadataRefreshWanted = true;
    private final List<PartitionQueue> active = new ArrayList<>();
    private final Map<Integer, BrokerChannel> channels = new HashMap<>();
    private final List<BrokerChannel> channelsWithBatches = new ArrayList<>();
    private ClusterMetadata cluster = ClusterMetadata.EMPTY;
    private long nowNanos;
    private int requestsInFlight;
    private boolean metadataRefreshInFlight;
    private boolean metadataRefreshWanted;
    private long lastMetadataRefreshNanos;

    Sender(WriterConfig config, ConnectionPool pool, RecordAccumulator accumulator, BufferBudget budget,
           WriterMetrics metrics, BuilderPool builders, String threadName) {
        this.pool = pool;
        this.metadata = pool.metadata();
        this.accumulator = accumulator;
        this.budget = budget;
        this.metrics = metrics;
        this.builders = builders;
        this.buffers = new BufferPool(Math.min(config.bufferedBytesLimit(), 64L * 1024 * 1024));
        this.backoff = new Backoff(config.writeBackoffMin(), config.writeBackoffMax());
        this.completion = config.completion();
        this.idempotent = config.idempotent();
        this.acks = config.requiredAcks().value();
        this.maxAttempts = config.maxAttempts();
        this.maxInFlightPerBroker = config.maxInFlightRequestsPerBroker();
        this.maxInFlightPerPartition = idempotent
                ? Math.min(maxInFlightPerBroker, WriterConfig.MAX_IDEMPOTENT_IN_FLIGHT) : maxInFlightPerBroker;
        this.lingerNanos = config.batchTimeout().toNanos();
        this.maxRequestBytes = Math.max(MAX_REQUEST_BYTES, config.batchBytes());
        this.metadataMaxAgeNanos = config.metadataMaxAge().toNanos();
        this.produceTimeoutMs = (int) Math.min(Integer.MAX_VALUE, config.writeTimeout().toMillis());
        this.requestTimeout = config.writeTimeout().plus(config.readTimeout());
        this.identity = new ProducerIdentity(pool, requestTimeout, backoff);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.lastMetadataRefreshNanos = System.nanoTime();
    }

    void start() {
        thread.start();
    }

    /** The error that stopped the sender thread unexpectedly, or null while it runs (or stopped normally). */
    KafkaException crash() {
        return crash;
    }

    /** Whether the caller is the sender thread, where blocking on the writer would wait forever. */
    boolean isSenderThread() {
        return Thread.currentThread() == thread;
    }

    /** Makes the thread look at the accumulator soon; cheap when it is awake anyway. */
    void wakeup() {
        if (!wakeupPending) {
            wakeupPending = true;
            LockSupport.unpark(thread);
        }
    }

    /**
     * Stops the thread: batches not yet written fail with {@code reason}. Waits for the thread to end.
     */
    void shutdown(KafkaException reason) throws InterruptedException {
        stopReason = reason;
        stopRequested = true;
        wakeup();
        thread.join();
    }

    /**
     * Completes once every broker connection in use has answered a request sent after all produce requests so far.
     * A broker handles a connection's requests in order, so with acks=0 (no answers) this tells that everything
     * sent was also read before the connections close. Failures count as completion: there is nothing to retry.
     */
    CompletableFuture<Void> barrier() {
        CompletableFuture<Void> passed = new CompletableFuture<>();
        post(() -> {
            List<CompletableFuture<ApiMessage>> answers = new ArrayList<>();
            for (BrokerChannel channel : channels.values()) {
                if (channel.connection != null && channel.connection.isOpen()) {
                    answers.add(channel.connection.send(new MetadataRequest().setTopics(List.of()), (short) -1, requestTimeout));
                }
            }
            CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                    .whenComplete((ignored, error) -> passed.complete(null));
        });
        return passed;
    }

    private void post(Runnable event) {
        events.add(event);
        wakeup();
    }

    private void run() {
        while (true) {
            wakeupPending = false;
            try {
                Runnable event;
                while ((event = events.poll()) != null) {
                    event.run();
                }
                if (stopRequested) {
                    failEverything(stopReason);
                    return;
                }
                nowNanos = System.nanoTime();
                cluster = metadata.current();
                long wakeAt = pass();
                long sleep = wakeAt - System.nanoTime();
                if (sleep > 0 && !wakeupPending && events.isEmpty()) {
                    LockSupport.parkNanos(this, sleep);
                }
            } catch (RuntimeException | Error e) {
                log.error("writer sender failed unexpectedly; failing pending writes", e);
                crash = new KafkaException("the writer's sender thread failed: " + e, e);
                failEverything(crash);
                return;
            }
        }
    }

    /** One round of collecting, sending and housekeeping; returns when to look again. */
    private long pass() {
        long earliestOpen = accumulator.collect(active, partialBatchPolicy, nowNanos - lingerNanos);
        if (nowNanos - lastMetadataRefreshNanos >= metadataMaxAgeNanos) {
            metadataRefreshWanted = true;
        }
        if (idempotent && !identity.isReady()) {
            handleMissingIdentity();
        } else {
            while (sendRound()) {
                // each round sends at most one request per broker and one batch per partition
            }
        }
        refreshMetadataIfWanted();
        pruneIdleQueues();
        return nextWakeup(earliestOpen);
    }

    private boolean shouldSendPartial(PartitionQueue queue, ProducerBatch open) {
        if (queue.peekReady() != null || queue.inFlightCount() >= maxInFlightPerPartition) {
            return false;
        }
        int leader = leaderOf(queue);
        if (leader < 0) {
            return true; // let it be charged attempts (and fail in time) like any unsendable batch
        }
        BrokerChannel channel = channels.get(leader);
        int inFlight = channel == null ? 0 : channel.inFlight;
        if (inFlight == 0) {
            return true;
        }
        return inFlight < maxInFlightPerBroker && nowNanos - open.createdNanos() >= lingerNanos;
    }

    private void handleMissingIdentity() {
        KafkaException fatal = identity.failure();
        KafkaException exhausted = fatal == null ? identity.exhaustedAttempts(maxAttempts) : null;
        if (fatal != null || exhausted != null) {
            for (PartitionQueue queue : active) {
                while (queue.peekReady() != null && queue.inFlightCount() == 0) {
                    failBatch(queue.abandonHead(false), fatal != null ? fatal : exhausted);
                }
            }
            return;
        }
        if (requestsInFlight == 0) {
            identity.maybeRequest(nowNanos, this::post, this::resetAllSequences);
        }
    }

    private void resetAllSequences() {
        accumulator.forEachQueue(PartitionQueue::resetSequences);
    }

    /** Builds and sends at most one request per broker; returns whether anything was sent. */
    private boolean sendRound() {
        for (int i = 0; i < active.size(); i++) {
            PartitionQueue queue = active.get(i);
            if (!queue.canSend(nowNanos, maxInFlightPerPartition)) {
                continue;
            }
            int leader = leaderOf(queue);
            if (leader < 0) {
                chargeUnsentAttempt(queue, noLeaderError(queue));
                continue;
            }
            BrokerChannel channel = channels.computeIfAbsent(leader, BrokerChannel::new);
            if (channel.inFlight >= maxInFlightPerBroker || channel.hasBatchFor(queue)) {
                continue;
            }
            BrokerConnection connection = channel.connection(nowNanos, pool, backoff.nominalDelayNanos(1), poster,
                    metadataRefresh);
            if (connection == null) {
                if (channel.connectFailure != null) {
                    chargeUnsentAttempt(queue, channel.connectFailure);
                }
                continue;
            }
            ProducerBatch head = queue.peekReady();
            if (!channel.batches.isEmpty() && channel.requestBytes + head.sizeInBytes() > maxRequestBytes) {
                continue; // it goes in the next request
            }
            if (channel.batches.isEmpty()) {
                channelsWithBatches.add(channel);
            }
            channel.requestBytes += head.sizeInBytes();
            channel.batches.add(queue.takeForSend(idempotent));
        }
        if (channelsWithBatches.isEmpty()) {
            return false;
        }
        for (BrokerChannel channel : channelsWithBatches) {
            send(channel);
        }
        channelsWithBatches.clear();
        return true;
    }

    private void send(BrokerChannel channel) {
        ProducerBatch[] batches = channel.batches.toArray(new ProducerBatch[0]);
        channel.batches.clear();
        channel.requestBytes = 0;
        BrokerConnection connection = channel.connection;
        ProduceRequest request;
        short version;
        try {
            request = new ProduceRequest().setTransactionalId(null).setAcks(acks)
                    .setTimeoutMs(produceTimeoutMs).setTopicData(topicData(batches));
            version = (short) Math.min(connection.negotiatedVersion(ApiKey.PRODUCE), MAX_PRODUCE_VERSION);
        } catch (RuntimeException e) { // e.g. a broker too old for any Produce version we speak
            channel.inFlight++;
            requestsInFlight++;
            onResponse(channel, batches, null, e);
            return;
        }
        channel.inFlight++;
        requestsInFlight++;
        metrics.recordRequest();
        if (acks == RequiredAcks.NONE.value()) {
            connection.sendWithoutResponse(request, version, requestTimeout).whenComplete((ignored, error) ->
                    post(() -> onResponse(channel, batches, null, error)));
        } else {
            connection.<ProduceResponse>send(request, version, requestTimeout).whenComplete((response, error) ->
                    post(() -> onResponse(channel, batches, response, error)));
        }
    }

    private List<ProduceRequest.TopicProduceData> topicData(ProducerBatch[] batches) {
        List<ProduceRequest.TopicProduceData> topics = new ArrayList<>(2);
        for (ProducerBatch batch : batches) {
            PartitionQueue queue = batch.partition();
            ProduceRequest.TopicProduceData topic = null;
            for (ProduceRequest.TopicProduceData candidate : topics) {
                if (candidate.name().equals(queue.topic)) {
                    topic = candidate;
                    break;
                }
            }
            if (topic == null) {
                topic = new ProduceRequest.TopicProduceData().setName(queue.topic).setPartitionData(new ArrayList<>());
                topics.add(topic);
            }
            topic.partitionData().add(new ProduceRequest.PartitionProduceData().setIndex(queue.partition)
                    .setRecords(batch.encode(identity.producerId(), identity.epoch(), buffers, builders)));
        }
        return topics;
    }

    private void onResponse(BrokerChannel channel, ProducerBatch[] batches, ProduceResponse response, Throwable error) {
        channel.inFlight--;
        requestsInFlight--;
        nowNanos = System.nanoTime();
        if (error != null) {
            KafkaException failure = ProduceErrors.unwrap(error, "produce request to broker " + channel.nodeId);
            if (failure instanceof KafkaConnectionException) {
                channel.connection = null;
                metadataRefreshWanted = true;
            }
            for (ProducerBatch batch : batches) {
                handleFailure(batch, failure);
            }
            return;
        }
        if (response == null) { // acks=0: written to the socket is all we learn
            for (ProducerBatch batch : batches) {
                succeed(batch, UNKNOWN_OFFSET);
            }
            return;
        }
        boolean[] answered = new boolean[batches.length];
        for (ProduceResponse.TopicProduceResponse topic : response.responses()) {
            for (ProduceResponse.PartitionProduceResponse partition : topic.partitionResponses()) {
                int index = indexOf(batches, topic.name(), partition.index());
                if (index < 0 || answered[index]) {
                    continue;
                }
                answered[index] = true;
                settle(batches[index], partition);
            }
        }
        for (int i = 0; i < batches.length; i++) {
            if (!answered[i]) {
                handleFailure(batches[i], new KafkaProtocolException("produce response from broker " + channel.nodeId
                        + " has no answer for " + batches[i].partition()));
            }
        }
    }

    private static int indexOf(ProducerBatch[] batches, String topic, int partition) {
        for (int i = 0; i < batches.length; i++) {
            PartitionQueue queue = batches[i].partition();
            if (queue.partition == partition && queue.topic.equals(topic)) {
                return i;
            }
        }
        return -1;
    }

    private void settle(ProducerBatch batch, ProduceResponse.PartitionProduceResponse answer) {
        ErrorCode code = ErrorCode.forCode(answer.errorCode());
        if (code == ErrorCode.NONE) {
            succeed(batch, answer.baseOffset());
        } else if (code == ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
            succeed(batch, UNKNOWN_OFFSET); // written by an earlier attempt
        } else {
            String context = "produce to " + batch.partition()
                    + (answer.errorMessage() == null ? "" : " (" + answer.errorMessage() + ")");
            handleFailure(batch, new KafkaBrokerException(code, answer.errorCode(), context));
        }
    }

    private void handleFailure(ProducerBatch batch, KafkaException error) {
        PartitionQueue queue = batch.partition();
        ErrorCode code = ProduceErrors.codeOf(error);
        boolean unknownOutcome = ProduceErrors.outcomeUnknown(error);
        boolean retriable = ProduceErrors.retriable(error);
        if (code != null && MetadataCache.isStaleMetadataError(code)) {
            metadataRefreshWanted = true;
        }
        if (idempotent && ProduceErrors.isProducerStateError(code)) {
            // Out of order behind an earlier failed batch is expected: that one goes first on retry.
            // Otherwise the broker lost our state (KIP-360): bump the epoch and resend.
            if (code != ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER || queue.isNextExpected(batch)) {
                identity.requestBump();
            }
            retriable = true;
        }
        if (retriable && batch.attempts() < maxAttempts && !stopRequested) {
            batch.failedAttempt(unknownOutcome, nowNanos + backoff.delayNanos(batch.attempts()));
            queue.retryLater(batch);
            metrics.recordRetry();
            log.debug("retrying {} after attempt {}: {}", batch, batch.attempts(), error.getMessage());
            return;
        }
        boolean mayBeWritten = unknownOutcome || batch.outcomeUnknown();
        queue.abandoned(batch, idempotent && !mayBeWritten);
        if (idempotent && mayBeWritten) {
            identity.requestBump(); // its sequence numbers may be taken: only a new epoch makes the rest safe
        }
        failBatch(batch, error);
    }

    /**
     * A batch that cannot be sent now (no leader, broker unreachable) uses up an attempt; one that cannot be
     * sent for a reason no retry changes (authentication refused, topic authorization failed) fails at once.
     */
    private void chargeUnsentAttempt(PartitionQueue queue, KafkaException error) {
        ProducerBatch head = queue.peekReady();
        head.attempted();
        metadataRefreshWanted = true;
        if (!ProduceErrors.retriable(error) || head.attempts() >= maxAttempts || stopRequested) {
            failBatch(queue.abandonHead(idempotent), error);
        } else {
            head.failedAttempt(false, nowNanos + backoff.delayNanos(head.attempts()));
            metrics.recordRetry();
        }
    }

    private KafkaException noLeaderError(PartitionQueue queue) {
        TopicMetadata topic = cluster.topics().get(queue.topic);
        if (topic != null && topic.error() != ErrorCode.NONE) {
            return topic.error().exception("produce to " + queue);
        }
        return ErrorCode.LEADER_NOT_AVAILABLE.exception("produce to " + queue);
    }

    private void succeed(ProducerBatch batch, long baseOffset) {
        if (batch.isDone()) {
            return;
        }
        batch.partition().acknowledged(batch);
        metrics.recordBatchAcknowledged(batch.recordCount(), batch.recordBytes());
        if (completion != null) {
            notifyCompletion(batch, baseOffset, null);
        }
        batch.succeed();
        finish(batch);
    }

    private void failBatch(ProducerBatch batch, KafkaException error) {
        if (batch.isDone()) {
            return;
        }
        if (completion != null) {
            notifyCompletion(batch, UNKNOWN_OFFSET, error);
        }
        batch.fail(error);
        finish(batch);
    }

    private void notifyCompletion(ProducerBatch batch, long baseOffset, KafkaException error) {
        try {
            completion.completed(batch.writtenMessages(baseOffset), error);
        } catch (RuntimeException e) {
            log.warn("write completion callback failed", e);
        }
    }

    private void finish(ProducerBatch batch) {
        budget.release(batch.reservedBytes());
        batch.releaseBuffers(buffers, builders);
        accumulator.completed(batch);
    }

    private void failEverything(KafkaException reason) {
        for (ProducerBatch batch : accumulator.removeWriterBatches()) {
            failBatch(batch, reason);
        }
        accumulator.forEachQueue(queue -> {
            ArrayDeque<ProducerBatch> left = queue.drainAll();
            for (ProducerBatch batch : left) {
                failBatch(batch, reason);
            }
        });
    }

    private int leaderOf(PartitionQueue queue) {
        TopicMetadata topic = cluster.topics().get(queue.topic);
        if (topic != queue.leaderSource) {
            queue.leaderSource = topic;
            PartitionMetadata partition = topic == null ? null : topic.partition(queue.partition);
            queue.leaderId = partition == null ? -1 : partition.leaderId();
        }
        return queue.leaderId;
    }

    private void refreshMetadataIfWanted() {
        if (!metadataRefreshWanted || metadataRefreshInFlight
                || nowNanos - lastMetadataRefreshNanos < backoff.nominalDelayNanos(1)) {
            return;
        }
        metadataRefreshWanted = false;
        metadataRefreshInFlight = true;
        lastMetadataRefreshNanos = nowNanos;
        metadata.refresh(accumulator.topics()).whenComplete((ignored, error) -> post(() -> {
            metadataRefreshInFlight = false;
            if (error != null) {
                metadataRefreshWanted = true;
                log.debug("metadata refresh failed: {}", error.getMessage());
            }
        }));
    }

    private void pruneIdleQueues() {
        for (int i = active.size() - 1; i >= 0; i--) {
            PartitionQueue queue = active.get(i);
            if (!queue.hasSenderWork() && accumulator.isIdleForWriters(queue)) {
                queue.active = false;
                active.remove(i);
            }
        }
    }

    private long nextWakeup(long earliestOpenNanos) {
        long wakeAt = nowNanos + IDLE_PARK_NANOS;
        if (earliestOpenNanos != Long.MAX_VALUE && lingerNanos > 0) {
            wakeAt = Math.min(wakeAt, earliestOpenNanos + lingerNanos);
        }
        for (int i = 0; i < active.size(); i++) {
            ProducerBatch head = active.get(i).peekReady();
            if (head != null && head.retryAtNanos() - nowNanos > 0) {
                wakeAt = Math.min(wakeAt, head.retryAtNanos());
            }
        }
        if (idempotent && !identity.isReady() && identity.retryAtNanos() - nowNanos > 0) {
            wakeAt = Math.min(wakeAt, identity.retryAtNanos());
        }
        if (metadataRefreshWanted && !metadataRefreshInFlight) {
            wakeAt = Math.min(wakeAt, lastMetadataRefreshNanos + backoff.nominalDelayNanos(1));
        }
        return wakeAt;
    }
}
