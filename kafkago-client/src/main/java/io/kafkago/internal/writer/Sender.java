package io.kafkago.internal.writer;

import io.kafkago.internal.Backoff;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaFencedException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
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
import io.kafkago.ErrorCode;
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
import java.util.function.Supplier;
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
 *
 * <p>Every batch settles within {@code deliveryTimeout} of its first message's hand-over: retriable failures
 * are retried until then (and at most {@code maxAttempts} times), and a batch still unsettled at its deadline
 * fails, in flight or not. A failure says whether the messages may have been written anyway (see
 * {@link ProduceErrors}); the sequence numbers of such a batch are never given to other data (see
 * {@link PartitionQueue}). A request that gets no answer in time closes its connection, since a broker that
 * does not answer one request will not answer the next either.
 */
final class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    /** Produce v13 names topics by id only; v12 (Kafka 3.7+) and older carry names, which every broker takes. */
    private static final short MAX_PRODUCE_VERSION = 12;
    /** Produce v12 in a transaction makes the broker add the partition itself (transaction version 2): v11 in version 1. */
    private static final short MAX_TRANSACTIONAL_PRODUCE_VERSION = TransactionCoordinator.PRODUCE_VERSION_2 - 1;
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
    /** The open transaction's partitions, or null for a Writer that is not transactional. */
    private final TransactionPartitions transaction;
    private final String transactionalId;
    /** Why the open transaction can only abort (a write of it failed), or null. */
    private KafkaException transactionFailure;
    private volatile KafkaFencedException fenced;
    private final WriteCompletion completion;
    private final boolean idempotent;
    private final short acks;
    private final int maxAttempts;
    private final long deliveryTimeoutNanos;
    private final int maxInFlightPerBroker;
    private final int maxInFlightPerPartition;
    private final long lingerNanos;
    private final long maxRequestBytes;
    /** Requests never need to shrink below one full batch. */
    private final long minRequestBytes;
    private final long requestTimeoutNanos;
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
    /** The earliest deadline of a batch not settled yet, as of the last look ({@link System#nanoTime()} based). */
    private long earliestDeadlineNanos;
    private boolean metadataRefreshInFlight;
    private boolean metadataRefreshWanted;
    private long lastMetadataRefreshNanos;

    /**
     * @param coordinator the transaction coordinator of a transactional Writer, or null
     */
    Sender(WriterConfig config, ConnectionPool pool, RecordAccumulator accumulator, BufferBudget budget,
           WriterMetrics metrics, BuilderPool builders, TransactionCoordinator coordinator, String threadName) {
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
        this.deliveryTimeoutNanos = config.deliveryTimeout().toNanos();
        this.maxInFlightPerBroker = config.maxInFlightRequestsPerBroker();
        this.maxInFlightPerPartition = idempotent
                ? Math.min(maxInFlightPerBroker, WriterConfig.MAX_IDEMPOTENT_IN_FLIGHT) : maxInFlightPerBroker;
        this.lingerNanos = config.batchTimeout().toNanos();
        this.maxRequestBytes = Math.max(MAX_REQUEST_BYTES, config.batchBytes());
        this.minRequestBytes = config.batchBytes();
        this.metadataMaxAgeNanos = config.metadataMaxAge().toNanos();
        this.produceTimeoutMs = (int) Math.min(Integer.MAX_VALUE, config.writeTimeout().toMillis());
        this.requestTimeout = config.writeTimeout().plus(config.readTimeout());
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.identity = new ProducerIdentity(pool, requestTimeout, backoff, coordinator != null);
        this.transaction = coordinator == null ? null : new TransactionPartitions(coordinator, backoff);
        this.transactionalId = config.transactionalId();
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

    /**
     * Refuses a blocking call from the sender thread (a completion callback), which would wait for itself.
     *
     * @param what the call, for the message
     */
    void refuseSenderThread(String what) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("cannot " + what + " from a write completion callback: it runs on the"
                    + " writer's own thread, which would wait for itself");
        }
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

    /** The fencing that made this transactional Writer unusable, or null. */
    KafkaFencedException fenced() {
        return fenced;
    }

    /**
     * Starts a transaction under the coordinator's producer id and epoch (new ones after each transaction in
     * version 2, so every partition starts its sequences again): no partition in it, no failure.
     */
    CompletableFuture<Void> beginTransaction(long producerId, short epoch, boolean versionTwo) {
        return onSenderThread(() -> {
            identity.adopt(producerId, epoch);
            transaction.begin(versionTwo);
            transactionFailure = null;
            return null;
        });
    }

    /** How the open transaction stands once its batches are settled. */
    record TransactionState(KafkaException failure, boolean anyPartition) {
    }

    CompletableFuture<TransactionState> transactionState() {
        return onSenderThread(() -> new TransactionState(transactionFailure, transaction.any()));
    }

    /** Makes the open transaction abort-only: batches not sent yet fail with {@code reason}. */
    CompletableFuture<Void> failTransaction(KafkaException reason) {
        return onSenderThread(() -> {
            noteTransactionFailure(reason);
            return null;
        });
    }

    private <T> CompletableFuture<T> onSenderThread(Supplier<T> action) {
        CompletableFuture<T> done = new CompletableFuture<>();
        post(() -> {
            try {
                done.complete(action.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void noteTransactionFailure(KafkaException reason) {
        if (transactionFailure == null) {
            transactionFailure = reason;
        }
    }

    /** Fails what waits to be sent in a transaction that can only abort; answers for batches in flight still count. */
    private void failWaitingTransactionBatches() {
        KafkaTransactionAbortedException aborted = new KafkaTransactionAbortedException(
                "not written: the transaction is aborting (" + transactionFailure.getMessage() + ")", transactionFailure);
        for (int i = 0; i < active.size(); i++) {
            giveUpWaiting(active.get(i), aborted);
        }
    }

    private void partitionCannotJoin(PartitionQueue queue, KafkaException error) {
        if (error instanceof KafkaFencedException fencedError) {
            fenced = fencedError;
        }
        noteTransactionFailure(error);
        giveUpWaiting(queue, error);
    }

    /** Fails every batch of {@code queue} waiting to be sent; those in flight wait for their answers. */
    private void giveUpWaiting(PartitionQueue queue, KafkaException error) {
        ProducerBatch head;
        while ((head = queue.peekReady()) != null) {
            giveUp(head, error);
        }
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
        earliestDeadlineNanos = nowNanos + IDLE_PARK_NANOS;
        long earliestOpen = accumulator.collect(active, partialBatchPolicy, nowNanos - lingerNanos);
        if (nowNanos - lastMetadataRefreshNanos >= metadataMaxAgeNanos) {
            metadataRefreshWanted = true;
        }
        expireOverdueBatches();
        if (idempotent) {
            numberPartitions();
        }
        if (transaction != null) {
            if (transactionFailure != null) {
                failWaitingTransactionBatches();
            } else if (identity.isReady()) {
                transaction.maybeSend(new TransactionCoordinator.ProducerIdAndEpoch(identity.producerId(),
                        identity.epoch()), nowNanos, poster, this::partitionCannotJoin);
            }
        }
        while (sendRound()) {
            // each round sends at most one request per broker and one batch per partition
        }
        refreshMetadataIfWanted();
        pruneIdleQueues();
        return nextWakeup(earliestOpen);
    }

    private long deadlineOf(ProducerBatch batch) {
        return batch.createdNanos() + deliveryTimeoutNanos;
    }

    private boolean isOverdue(ProducerBatch batch) {
        return nowNanos - deadlineOf(batch) >= 0;
    }

    private void noteDeadline(ProducerBatch batch) {
        long deadline = deadlineOf(batch);
        if (deadline - earliestDeadlineNanos < 0) {
            earliestDeadlineNanos = deadline;
        }
    }

    private boolean shouldSendPartial(PartitionQueue queue, ProducerBatch open) {
        if (isOverdue(open)) {
            return true; // so it fails in time, wherever its partition stands
        }
        noteDeadline(open);
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

    /**
     * Fails what reached its delivery deadline: waiting batches give up; a batch in flight fails for the writer at
     * once (it may have been written) and stays in its queue until the answer comes, so the partition knows whether
     * its sequence numbers were taken.
     */
    private void expireOverdueBatches() {
        for (int i = 0; i < active.size(); i++) {
            PartitionQueue queue = active.get(i);
            for (ProducerBatch batch : queue.inFlight()) {
                if (batch.isDone()) {
                    continue;
                }
                if (isOverdue(batch)) {
                    failBatch(batch, deliveryTimeout(batch, "with a request still unanswered"), true);
                } else {
                    noteDeadline(batch);
                }
            }
            ProducerBatch head;
            while ((head = queue.peekReady()) != null && isOverdue(head)) {
                giveUp(head, deliveryTimeout(head, "before it could be written"));
            }
            if (head != null) {
                noteDeadline(head); // batches behind the head were created later
            }
        }
    }

    private KafkaTimeoutException deliveryTimeout(ProducerBatch batch, String when) {
        KafkaException last = batch.lastError();
        return new KafkaTimeoutException("delivery timeout (" + deliveryTimeout() + ") passed for " + batch.recordCount()
                + (batch.recordCount() == 1 ? " message to " : " messages to ") + batch.partition() + " " + when
                + " after " + batch.attempts() + (batch.attempts() == 1 ? " attempt" : " attempts")
                + (last == null ? "" : "; last error: " + last.getMessage()), last);
    }

    private Duration deliveryTimeout() {
        return Duration.ofNanos(deliveryTimeoutNanos);
    }

    /**
     * Gives partitions that need one a producer id and epoch to number batches with: the current ones for a
     * partition's first batch, a new epoch for a partition whose sequence must start again. Asks for a producer id
     * when none is at hand; fails waiting batches when idempotence is impossible.
     */
    private void numberPartitions() {
        KafkaException impossible = identity.failure();
        boolean idWanted = false;
        for (int i = 0; i < active.size(); i++) {
            PartitionQueue queue = active.get(i);
            boolean fresh = !queue.hasProducerId();
            // a transactional Writer's epoch moves at the coordinator (after an abort): every partition follows it
            boolean stale = identity.isTransactional() && identity.isReady() && !fresh
                    && !queue.numberedUnder(identity.producerId(), identity.epoch());
            if (stale && queue.inFlightCount() > 0) {
                continue;
            }
            if (!fresh && !stale && !queue.isResetDue()) {
                continue;
            }
            if (impossible != null) {
                giveUpWaiting(queue, impossible);
                continue;
            }
            if (!identity.isReady() || (!fresh && !stale && !identity.bumpEpoch())) {
                idWanted = true;
                continue;
            }
            ErrorCode reason = queue.resetReason();
            for (ProducerBatch stranded : queue.startSequences(identity.producerId(), identity.epoch())) {
                failBatch(stranded, reason.exception("produce to " + queue + ": the partition's sequence had to start"
                        + " again under a new producer epoch, which this batch cannot join since an earlier attempt of"
                        + " it may have been written"), true);
            }
        }
        if (idWanted) {
            identity.maybeRequest(nowNanos, poster);
        }
    }

    /** Builds and sends at most one request per broker; returns whether anything was sent. */
    private boolean sendRound() {
        for (int i = 0; i < active.size(); i++) {
            PartitionQueue queue = active.get(i);
            if (!queue.canSend(nowNanos, maxInFlightPerPartition) || (idempotent && !queue.hasProducerId())) {
                continue;
            }
            if (transaction != null && (transactionFailure != null || !transaction.isAdded(queue))) {
                continue; // sent once AddPartitionsToTxn added the partition
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
            // a request being gathered stays on the connection its first batch found, even if that closed since:
            // asking again would drop it from the channel and leave the gathered batches without one
            BrokerConnection connection = !channel.batches.isEmpty() ? channel.connection
                    : channel.connection(nowNanos, pool, backoff.nominalDelayNanos(1), poster, metadataRefresh);
            if (connection == null) {
                if (channel.connectFailure != null) {
                    chargeUnsentAttempt(queue, channel.connectFailure);
                }
                continue;
            }
            ProducerBatch head = queue.peekReady();
            long budget = channel.inFlightByteBudget(requestTimeoutNanos, minRequestBytes);
            long nextBytes = channel.requestBytes + head.sizeInBytes();
            if (channel.inFlight > 0 && channel.inFlightBytes + nextBytes > budget) {
                continue; // the link is slow: wait for answers rather than queue bytes that cannot arrive in time
            }
            if (!channel.batches.isEmpty() && nextBytes > Math.min(maxRequestBytes, budget)) {
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
        long requestBytes = channel.requestBytes;
        channel.batches.clear();
        channel.requestBytes = 0;
        BrokerConnection connection = channel.connection;
        ProduceRequest request;
        short version;
        try {
            request = new ProduceRequest().setTransactionalId(transactionalId).setAcks(acks)
                    .setTimeoutMs(produceTimeoutMs).setTopicData(topicData(batches));
            version = (short) Math.min(connection.negotiatedVersion(ApiKey.PRODUCE),
                    transaction != null && !transaction.versionTwo() ? MAX_TRANSACTIONAL_PRODUCE_VERSION
                            : MAX_PRODUCE_VERSION);
        } catch (RuntimeException e) { // e.g. a broker too old for any Produce version we speak
            InFlightRequest unsent = new InFlightRequest(channel, connection, batches, 0, nowNanos);
            channel.inFlight++;
            onResponse(unsent, null, e);
            return;
        }
        InFlightRequest sent = new InFlightRequest(channel, connection, batches, requestBytes, nowNanos);
        channel.inFlight++;
        channel.inFlightBytes += requestBytes;
        metrics.recordRequest();
        if (acks == RequiredAcks.NONE.value()) {
            connection.sendWithoutResponse(request, version, requestTimeout).whenComplete((ignored, error) ->
                    post(() -> onResponse(sent, null, error)));
        } else {
            connection.<ProduceResponse>send(request, version, requestTimeout).whenComplete((response, error) ->
                    post(() -> onResponse(sent, response, error)));
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
                    .setRecords(batch.encode(buffers, builders, transaction != null)));
        }
        return topics;
    }

    /** A Produce request on its way: where it went, what it carries, when it left. */
    private record InFlightRequest(BrokerChannel channel, BrokerConnection connection, ProducerBatch[] batches,
                                   long bytes, long sentNanos) {
    }

    private void onResponse(InFlightRequest request, ProduceResponse response, Throwable error) {
        BrokerChannel channel = request.channel();
        ProducerBatch[] batches = request.batches();
        channel.inFlight--;
        channel.inFlightBytes -= request.bytes();
        nowNanos = System.nanoTime();
        if (error == null || ProduceErrors.unwrap(error, "") instanceof KafkaTimeoutException) {
            channel.recordRoundTrip(request.bytes(), nowNanos - request.sentNanos());
        }
        if (error != null) {
            KafkaException failure = ProduceErrors.unwrap(error, "produce request to broker " + channel.nodeId);
            if (failure instanceof KafkaConnectionException || failure instanceof KafkaTimeoutException
                    || failure instanceof KafkaProtocolException) {
                dropConnection(channel, request.connection(), failure);
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

    /**
     * Closes a connection whose request timed out or whose answer could not be read, and looks for the leaders
     * again: a broker that is paused, cut off or confused absorbs every further request sent to it, and its
     * partitions have likely moved. The other requests on that connection fail and are retried.
     */
    private void dropConnection(BrokerChannel channel, BrokerConnection connection, KafkaException failure) {
        if (connection != null && connection.isOpen()) {
            log.debug("closing the connection to broker {} after: {}", channel.nodeId, failure.getMessage());
            connection.close();
        }
        if (channel.connection == connection) {
            channel.connection = null;
        }
        metadataRefreshWanted = true;
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
        if (transaction != null && code != null && endsTransaction(code)) {
            // the coordinator moves a transactional producer's epoch, so no retry can fix the sequence: abort
            KafkaException failure = error;
            if (TransactionCoordinator.isFenced(code)) {
                fenced = new KafkaFencedException(code, "produce to " + queue + " for transactional id "
                        + transactionalId);
                failure = fenced;
            }
            batch.failedAttempt(failure, ProduceErrors.mayHaveBeenWritten(error));
            if (batch.isDone()) {
                queue.gaveUp(batch, false);
            } else {
                giveUp(batch, failure);
            }
            return;
        }
        boolean retriable = ProduceErrors.retriable(error);
        batch.failedAttempt(error, ProduceErrors.mayHaveBeenWritten(error));
        if (code != null && MetadataCache.isStaleMetadataError(code)) {
            metadataRefreshWanted = true;
        }
        if (idempotent && ProduceErrors.isProducerStateError(code)) {
            // Out of order behind an earlier failed batch is expected: that one goes first on retry. Otherwise the
            // broker's sequence for this partition is not ours (KIP-360): start again under a new epoch.
            if (code != ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER || queue.isOldestPending(batch)) {
                queue.requestReset(code);
            }
            retriable = true;
        }
        if (batch.isDone()) { // it expired while in flight: this was its last attempt
            queue.gaveUp(batch, idempotent && batch.hasSequence() && !batch.mayHaveBeenWritten());
            return;
        }
        if (retriable && batch.attempts() < maxAttempts && !stopRequested && !isOverdue(batch)) {
            batch.retryAt(nowNanos + (code == ErrorCode.CONCURRENT_TRANSACTIONS
                    ? TransactionCoordinator.CONCURRENT_TRANSACTIONS_PAUSE_NANOS : backoff.delayNanos(batch.attempts())));
            queue.retryLater(batch);
            metrics.recordRetry();
            log.debug("retrying {} after attempt {}: {}", batch, batch.attempts(), error.getMessage());
            return;
        }
        giveUp(batch, isOverdue(batch) ? deliveryTimeout(batch, "when its last attempt failed") : error);
    }

    private static boolean endsTransaction(ErrorCode code) {
        return ProduceErrors.isProducerStateError(code) || TransactionCoordinator.isFenced(code)
                || code == ErrorCode.TRANSACTION_ABORTABLE || code == ErrorCode.INVALID_TXN_STATE;
    }

    /**
     * Fails a batch for good. A batch that had a sequence but was certainly not written leaves a gap in the
     * partition's sequence, so the partition starts again under a new epoch; one that may have been written keeps
     * its numbers taken, and the broker's answer to the next batch tells whether it was.
     */
    private void giveUp(ProducerBatch batch, KafkaException error) {
        boolean mayHaveBeenWritten = batch.mayHaveBeenWritten();
        batch.partition().gaveUp(batch, idempotent && batch.hasSequence() && !mayHaveBeenWritten);
        failBatch(batch, error, mayHaveBeenWritten);
    }

    /**
     * A batch that cannot be sent now (no leader, broker unreachable) waits with back-off until its deadline (or
     * its last attempt); one that cannot be sent for a reason no retry changes (authentication refused, topic
     * authorization failed) fails at once.
     */
    private void chargeUnsentAttempt(PartitionQueue queue, KafkaException error) {
        ProducerBatch head = queue.peekReady();
        head.attempted();
        head.failedAttempt(error, false);
        metadataRefreshWanted = true;
        if (!ProduceErrors.retriable(error) || head.attempts() >= maxAttempts || stopRequested) {
            giveUp(head, error);
        } else {
            head.retryAt(nowNanos + backoff.delayNanos(head.attempts()));
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
        batch.partition().acknowledged(batch);
        if (batch.isDone()) {
            return; // written after all, though it had expired and failed for the writer
        }
        metrics.recordBatchAcknowledged(batch.recordCount(), batch.recordBytes());
        if (completion != null) {
            notifyCompletion(batch, baseOffset, null);
        }
        batch.succeed();
        finish(batch);
    }

    private void failBatch(ProducerBatch batch, KafkaException error, boolean mayHaveBeenWritten) {
        if (batch.isDone()) {
            return;
        }
        if (transaction != null) {
            noteTransactionFailure(error); // a transaction with a failed write can only abort
        }
        if (completion != null) {
            notifyCompletion(batch, UNKNOWN_OFFSET, error);
        }
        batch.fail(error, mayHaveBeenWritten);
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
            failBatch(batch, reason, false);
        }
        accumulator.forEachQueue(queue -> {
            List<ProducerBatch> inFlight = new ArrayList<>();
            queue.inFlight().forEach(inFlight::add);
            ArrayDeque<ProducerBatch> left = queue.drainAll();
            for (ProducerBatch batch : left) {
                failBatch(batch, reason, batch.mayHaveBeenWritten() || inFlight.contains(batch));
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
        if (transaction != null && transaction.retryAtNanos() != 0 && transaction.retryAtNanos() - nowNanos > 0) {
            wakeAt = Math.min(wakeAt, transaction.retryAtNanos());
        }
        wakeAt = Math.min(wakeAt, earliestDeadlineNanos);
        if (metadataRefreshWanted && !metadataRefreshInFlight) {
            wakeAt = Math.min(wakeAt, lastMetadataRefreshNanos + backoff.nominalDelayNanos(1));
        }
        return wakeAt;
    }
}
