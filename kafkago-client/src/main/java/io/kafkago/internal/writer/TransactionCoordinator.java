package io.kafkago.internal.writer;

import io.kafkago.ErrorCode;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaFencedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.internal.group.PendingCommit;
import io.kafkago.network.BrokerAddress;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ConnectionPool;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.MetadataCache.CoordinatorType;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.message.AddOffsetsToTxnRequest;
import io.kafkago.protocol.message.AddOffsetsToTxnResponse;
import io.kafkago.protocol.message.AddPartitionsToTxnRequest;
import io.kafkago.protocol.message.AddPartitionsToTxnResponse;
import io.kafkago.protocol.message.EndTxnRequest;
import io.kafkago.protocol.message.EndTxnResponse;
import io.kafkago.protocol.message.InitProducerIdRequest;
import io.kafkago.protocol.message.InitProducerIdResponse;
import io.kafkago.protocol.message.TxnOffsetCommitRequest;
import io.kafkago.protocol.message.TxnOffsetCommitResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The requests of a transactional producer to its transaction coordinator (InitProducerId, AddPartitionsToTxn,
 * AddOffsetsToTxn, EndTxn) and to a consumer group's coordinator (TxnOffsetCommit), in either transaction protocol:
 * version 2 (KIP-890, Kafka 4.0+ with {@code transaction.version} 2 finalized) when the coordinator offers it, where
 * the Produce and TxnOffsetCommit requests add partitions themselves and every EndTxn bumps the epoch, else the classic
 * version 1, whose request versions are capped below the ones that mean version 2. Blocking calls retry what a retry
 * may fix (the coordinator moving, loading, or still finishing the previous transaction) until their deadline; a
 * fenced producer gets {@link KafkaFencedException}.
 */
final class TransactionCoordinator {

    /** AddPartitionsToTxn v4+ is for brokers only. */
    static final short MAX_ADD_PARTITIONS_VERSION = 3;
    /** EndTxn v5 bumps the epoch per transaction (transaction version 2). */
    private static final short MAX_END_TXN_VERSION_1 = 4;
    private static final short END_TXN_VERSION_2 = 5;
    /** TxnOffsetCommit v5 adds the offsets partition itself (transaction version 2). */
    private static final short MAX_TXN_OFFSET_COMMIT_VERSION_1 = 4;
    /** Produce v12 makes the partition leader add the partition to the transaction (transaction version 2). */
    static final short PRODUCE_VERSION_2 = 12;
    private static final String TRANSACTION_VERSION_FEATURE = "transaction.version";
    /** InitProducerId v6 is two-phase commit (KIP-939). */
    private static final short MAX_INIT_PRODUCER_ID_VERSION = 5;

    /**
     * Pause before sending again what met CONCURRENT_TRANSACTIONS: the previous transaction is still writing its
     * markers, which takes milliseconds, so the usual back-off (100 ms and up) would dominate short transactions.
     */
    static final long CONCURRENT_TRANSACTIONS_PAUSE_NANOS = 20_000_000L;

    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final ConnectionPool pool;
    private final Duration requestTimeout;
    private final Backoff backoff;

    TransactionCoordinator(String transactionalId, Duration transactionTimeout, ConnectionPool pool,
                           Duration requestTimeout, Backoff backoff) {
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = (int) transactionTimeout.toMillis();
        this.pool = pool;
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
    }

    String transactionalId() {
        return transactionalId;
    }

    /** A producer id and epoch. */
    record ProducerIdAndEpoch(long producerId, short epoch) {
    }

    /**
     * InitProducerId: fences older producers of the id and aborts their open transaction. With a known producer id
     * and epoch (KIP-360) the coordinator bumps the epoch of that producer instead of refusing a retry.
     */
    ProducerIdAndEpoch initProducerId(ProducerIdAndEpoch current, long deadlineNanos) {
        InitProducerIdRequest request = new InitProducerIdRequest().setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(transactionTimeoutMs);
        if (current != null) {
            request.setProducerId(current.producerId()).setProducerEpoch(current.epoch());
        }
        InitProducerIdResponse response = call(CoordinatorType.TRANSACTION, transactionalId, request,
                MAX_INIT_PRODUCER_ID_VERSION, InitProducerIdResponse::errorCode, "InitProducerId", deadlineNanos);
        return new ProducerIdAndEpoch(response.producerId(), response.producerEpoch());
    }

    /**
     * Whether the transaction coordinator offers transaction version 2: the cluster finalized
     * {@code transaction.version} 2 or higher and the broker speaks EndTxn v5 and Produce v12.
     */
    boolean offersVersionTwo(long deadlineNanos) {
        BrokerConnection connection = BrokerConnection.await(coordinatorConnection(CoordinatorType.TRANSACTION,
                transactionalId), Math.max(0, deadlineNanos - System.nanoTime()), "connecting to the transaction"
                + " coordinator of " + transactionalId);
        return connection.apiVersions().finalizedFeatureLevel(TRANSACTION_VERSION_FEATURE) >= 2
                && connection.negotiatedVersion(ApiKey.END_TXN) >= END_TXN_VERSION_2
                && connection.negotiatedVersion(ApiKey.PRODUCE) >= PRODUCE_VERSION_2;
    }

    /** Adds partitions to the open transaction (version 1 only), for the sender thread; the response holds per-partition errors. */
    CompletableFuture<AddPartitionsToTxnResponse> addPartitions(ProducerIdAndEpoch producer,
                                                                Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<AddPartitionsToTxnRequest.AddPartitionsToTxnTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, ids) -> topics.add(new AddPartitionsToTxnRequest.AddPartitionsToTxnTopic()
                .setName(topic).setPartitions(ids)));
        AddPartitionsToTxnRequest request = new AddPartitionsToTxnRequest().setV3AndBelowTransactionalId(transactionalId)
                .setV3AndBelowProducerId(producer.producerId()).setV3AndBelowProducerEpoch(producer.epoch())
                .setV3AndBelowTopics(topics);
        return send(CoordinatorType.TRANSACTION, transactionalId, request, MAX_ADD_PARTITIONS_VERSION);
    }

    /** Forgets the transaction coordinator after an error that says it moved. */
    void forgetCoordinator() {
        pool.metadata().invalidateCoordinator(CoordinatorType.TRANSACTION, transactionalId);
    }

    /**
     * The group's offsets become part of the open transaction: AddOffsetsToTxn then TxnOffsetCommit (version 1), or
     * TxnOffsetCommit v5 alone (version 2).
     */
    void commitOffsets(ProducerIdAndEpoch producer, String groupId, PendingCommit commit, boolean versionTwo,
                       long deadlineNanos) {
        if (!versionTwo) {
            AddOffsetsToTxnRequest add = new AddOffsetsToTxnRequest().setTransactionalId(transactionalId)
                    .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch()).setGroupId(groupId);
            call(CoordinatorType.TRANSACTION, transactionalId, add, (short) -1, AddOffsetsToTxnResponse::errorCode,
                    "AddOffsetsToTxn for group " + groupId, deadlineNanos);
        }
        Map<String, List<TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition>> byTopic = new LinkedHashMap<>();
        commit.offsets().forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition().setPartitionIndex(tp.partition())
                        .setCommittedOffset(offset).setCommittedLeaderEpoch(-1).setCommittedMetadata("")));
        List<TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, offsets) -> topics.add(new TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic()
                .setName(topic).setPartitions(offsets)));
        TxnOffsetCommitRequest request = new TxnOffsetCommitRequest().setTransactionalId(transactionalId)
                .setGroupId(groupId).setProducerId(producer.producerId()).setProducerEpoch(producer.epoch())
                .setGenerationId(commit.generation().generationId()).setMemberId(commit.generation().memberId())
                .setGroupInstanceId(commit.generation().groupInstanceId()).setTopics(topics);
        call(CoordinatorType.GROUP, groupId, request, versionTwo ? (short) -1 : MAX_TXN_OFFSET_COMMIT_VERSION_1,
                TransactionCoordinator::firstPartitionError, "TxnOffsetCommit for group " + groupId, deadlineNanos);
    }

    /**
     * EndTxn: commits or aborts the open transaction.
     *
     * @return the producer id and epoch of the next transaction: the same in version 1, the ones the coordinator
     *     bumped to in version 2 (a new producer id when the epoch ran out)
     */
    ProducerIdAndEpoch endTransaction(ProducerIdAndEpoch producer, boolean commit, boolean versionTwo,
                                      long deadlineNanos) {
        EndTxnRequest request = new EndTxnRequest().setTransactionalId(transactionalId)
                .setProducerId(producer.producerId()).setProducerEpoch(producer.epoch()).setCommitted(commit);
        EndTxnResponse response = call(CoordinatorType.TRANSACTION, transactionalId, request,
                versionTwo ? END_TXN_VERSION_2 : MAX_END_TXN_VERSION_1, EndTxnResponse::errorCode,
                commit ? "committing the transaction" : "aborting the transaction", deadlineNanos);
        return versionTwo ? new ProducerIdAndEpoch(response.producerId(), response.producerEpoch()) : producer;
    }

    private static short firstPartitionError(TxnOffsetCommitResponse response) {
        for (TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic topic : response.topics()) {
            for (TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition partition : topic.partitions()) {
                if (partition.errorCode() != 0) {
                    return partition.errorCode();
                }
            }
        }
        return 0;
    }

    /**
     * Whether an error code means another producer owns the transactional id now. INVALID_PRODUCER_EPOCH is not:
     * brokers since KIP-588 send it when the coordinator aborted a transaction that ran past its timeout (the producer
     * aborts and starts over under a new epoch), and PRODUCER_FENCED for a real successor; only an InitProducerId
     * refused with it means fencing (older brokers).
     */
    static boolean isFenced(ErrorCode code) {
        return code == ErrorCode.PRODUCER_FENCED;
    }

    /** Whether a coordinator request failing with {@code code} is worth sending again after a pause. */
    static boolean isRetriable(ErrorCode code) {
        return code == ErrorCode.CONCURRENT_TRANSACTIONS || code == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS
                || MetadataCache.isStaleCoordinatorError(code) || code == ErrorCode.REQUEST_TIMED_OUT
                || code.retriable();
    }

    private CompletableFuture<BrokerConnection> coordinatorConnection(CoordinatorType type, String key) {
        return pool.metadata().coordinator(type, key)
                .thenCompose(broker -> pool.connection(new BrokerAddress(broker.host(), broker.port())));
    }

    private <T extends ApiMessage> CompletableFuture<T> send(CoordinatorType type, String key, ApiMessage request,
                                                             short maxVersion) {
        return coordinatorConnection(type, key)
                .thenCompose(connection -> {
                    short version = connection.negotiatedVersion(request.apiKey());
                    if (maxVersion >= 0 && version > maxVersion) {
                        version = maxVersion;
                    }
                    return connection.<T>send(request, version, requestTimeout);
                });
    }

    private <T extends ApiMessage> T call(CoordinatorType type, String key, ApiMessage request, short maxVersion,
                                          Function<T, Short> errorOf, String what, long deadlineNanos) {
        int failures = 0;
        while (true) {
            KafkaException failure;
            try {
                T response = BrokerConnection.await(this.<T>send(type, key, request, maxVersion),
                        requestTimeout.toNanos() + 1_000_000_000L, what);
                ErrorCode code = ErrorCode.forCode(errorOf.apply(response));
                if (code == ErrorCode.NONE) {
                    return response;
                }
                if (isFenced(code) || (code == ErrorCode.INVALID_PRODUCER_EPOCH
                        && request instanceof InitProducerIdRequest)) {
                    throw new KafkaFencedException(code, what + " for transactional id " + transactionalId);
                }
                failure = new KafkaBrokerException(code, errorOf.apply(response), what);
                if (MetadataCache.isStaleCoordinatorError(code)) {
                    pool.metadata().invalidateCoordinator(type, key);
                }
                if (!isRetriable(code)) {
                    throw failure;
                }
            } catch (KafkaConnectionException | KafkaTimeoutException e) {
                pool.metadata().invalidateCoordinator(type, key);
                failure = e;
            } catch (KafkaBrokerException e) {
                if (e instanceof KafkaFencedException || !isRetriable(e.errorCode())) {
                    throw e;
                }
                failure = e; // finding the coordinator failed, e.g. COORDINATOR_NOT_AVAILABLE
            }
            failures++;
            long pause = failure instanceof KafkaBrokerException broker
                    && broker.errorCode() == ErrorCode.CONCURRENT_TRANSACTIONS
                    ? CONCURRENT_TRANSACTIONS_PAUSE_NANOS : backoff.delayNanos(failures);
            if (System.nanoTime() + pause - deadlineNanos > 0) {
                throw new KafkaTimeoutException(what + " did not succeed in time; last error: " + failure.getMessage(),
                        failure);
            }
            Backoff.sleep(pause, what);
        }
    }

    /** Per-partition errors of an AddPartitionsToTxn answer (v3 and below). */
    static Map<TopicPartition, ErrorCode> partitionErrors(AddPartitionsToTxnResponse response) {
        Map<TopicPartition, ErrorCode> errors = new HashMap<>();
        for (AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult topic : response.resultsByTopicV3AndBelow()) {
            for (AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult partition : topic.resultsByPartition()) {
                errors.put(new TopicPartition(topic.name(), partition.partitionIndex()),
                        ErrorCode.forCode(partition.partitionErrorCode()));
            }
        }
        return errors;
    }
}
