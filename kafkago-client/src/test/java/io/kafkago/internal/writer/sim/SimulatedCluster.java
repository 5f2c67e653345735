package io.kafkago.internal.writer.sim;

import io.kafkago.KafkaException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.ApiVersionsResponse;
import io.kafkago.protocol.message.InitProducerIdResponse;
import io.kafkago.protocol.message.MetadataRequest;
import io.kafkago.protocol.message.MetadataResponse;
import io.kafkago.protocol.message.ProduceRequest;
import io.kafkago.protocol.message.ProduceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A Kafka cluster simulated in the test JVM, just faithful enough to check a {@code Writer}'s sequencing:
 * brokers on loopback (real server sockets; a writer reaches them with its usual
 * {@code brokers(cluster.bootstrap())}), topics whose partitions each have a leader, a log and the producer
 * state of {@link ProducerStateTable}, and a {@link FaultPlan} that makes Produce requests fail in the ways
 * real brokers and networks do ({@link Fault}).
 *
 * <p>Brokers answer ApiVersions (with the client's own version ranges, Produce capped at
 * {@link Builder#maxProduceVersion}), Metadata, InitProducerId (a fresh producer id with epoch 0 on every call,
 * as brokers do without a transactional id) and Produce v3 to v12 (v13 names topics by id, which the
 * simulation does not model). Each connection's requests are handled one at a time, in order, as a broker does.
 *
 * <p>A scenario test scripts faults and reads the logs back:
 * <pre>{@code
 * try (SimulatedCluster cluster = SimulatedCluster.builder().brokers(3).build().createTopic("t", 1)) {
 *     cluster.faults().next(Fault.DROP_RESPONSE_AFTER_APPEND);
 *     try (Writer writer = new Writer(WriterConfig.builder().brokers(cluster.bootstrap()).topic("t").build())) {
 *         writer.writeMessages(Message.of("a"));
 *     }
 *     assertThat(cluster.values("t", 0)).containsExactly("a");
 * }
 * }</pre>
 *
 * <p>The cluster's state is guarded by its monitor; brokers' connection threads call in, tests read.
 * {@link #close()} fails if a connection thread met an error the simulation did not expect (a request it
 * could not decode, a bug of its own), so such problems fail the test instead of looking like a lost broker.
 */
final class SimulatedCluster implements AutoCloseable {

    /** The first producer id handed out; any non-negative value would do. */
    private static final long FIRST_PRODUCER_ID = 1000;

    private record HeldRequest(int brokerId, short version, ProduceRequest request) {
    }

    private final List<SimulatedBroker> brokers = new ArrayList<>();
    private final FaultPlan faults = new FaultPlan();
    private final Duration responseDelay;
    private final short maxProduceVersion;
    private final Map<String, SimulatedPartition[]> topics = new LinkedHashMap<>();
    private final Map<String, UUID> topicIds = new LinkedHashMap<>();
    private final List<HeldRequest> zombies = new ArrayList<>();
    private final Set<Short> produceVersionsSeen = new TreeSet<>();
    private final List<Throwable> unexpectedErrors = new ArrayList<>();
    private long nextProducerId = FIRST_PRODUCER_ID;

    private SimulatedCluster(Builder builder) {
        this.responseDelay = builder.responseDelay;
        this.maxProduceVersion = builder.maxProduceVersion;
        try {
            for (int id = 0; id < builder.brokers; id++) {
                brokers.add(new SimulatedBroker(id, this));
            }
        } catch (IOException e) {
            brokers.forEach(SimulatedBroker::close);
            throw new UncheckedIOException("cannot open a simulated broker's server socket", e);
        }
    }

    /** A builder for a cluster of one broker with the default delays. */
    static Builder builder() {
        return new Builder();
    }

    /** Settings of a simulated cluster. */
    static final class Builder {
        private int brokers = 1;
        private Duration responseDelay = Duration.ofSeconds(1);
        private short maxProduceVersion = 12;

        private Builder() {
        }

        /** Number of brokers, ids 0 to n-1; default 1. */
        Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a cluster needs a broker, got " + count);
            }
            this.brokers = count;
            return this;
        }

        /** How late {@link Fault#DELAY_RESPONSE} answers; set it beyond the client's request timeout. Default 1 s. */
        Builder responseDelay(Duration delay) {
            this.responseDelay = delay;
            return this;
        }

        /** Highest Produce version the brokers announce, 3 to 12; default 12. */
        Builder maxProduceVersion(short version) {
            if (version < ApiKey.PRODUCE.oldestVersion() || version > 12) {
                throw new IllegalArgumentException("Produce v" + version + " is not simulated (v"
                        + ApiKey.PRODUCE.oldestVersion() + " to v12 are)");
            }
            this.maxProduceVersion = version;
            return this;
        }

        /** Opens the brokers' server sockets and starts accepting connections. */
        SimulatedCluster build() {
            return new SimulatedCluster(this);
        }
    }

    // ------------------------------------------------------------------------------------ for tests

    /**
     * Creates a topic whose partition {@code i} is led by broker {@code i % brokers}.
     *
     * @return this cluster
     */
    synchronized SimulatedCluster createTopic(String name, int partitions) {
        SimulatedPartition[] created = new SimulatedPartition[partitions];
        for (int i = 0; i < partitions; i++) {
            created[i] = new SimulatedPartition(name, i, i % brokers.size());
        }
        topics.put(name, created);
        topicIds.put(name, UUID.randomUUID());
        return this;
    }

    /** Every broker's address, {@code 127.0.0.1:port}, for {@code WriterConfig.brokers}. */
    List<String> bootstrap() {
        List<String> addresses = new ArrayList<>(brokers.size());
        for (SimulatedBroker broker : brokers) {
            addresses.add(broker.address());
        }
        return addresses;
    }

    SimulatedBroker broker(int id) {
        return brokers.get(id);
    }

    /** Where the faults of Produce requests are scripted. */
    FaultPlan faults() {
        return faults;
    }

    /** Every record value in the partition's log, in offset order (the value at index i has offset i). */
    synchronized List<String> values(String topic, int partition) {
        return partition(topic, partition).values();
    }

    /** Every batch in the partition's log, in offset order. */
    synchronized List<LoggedBatch> batches(String topic, int partition) {
        return partition(topic, partition).batches();
    }

    /** How many Produce batches of the partition were answered as duplicates of an earlier append. */
    synchronized int duplicatesAnswered(String topic, int partition) {
        return partition(topic, partition).duplicatesAnswered();
    }

    /** How many times the partition forgot its producers ({@link Fault#FORGET_PRODUCERS}). */
    synchronized int producerStateLosses(String topic, int partition) {
        return partition(topic, partition).producerStateLosses();
    }

    /** The Produce versions clients used so far. */
    synchronized Set<Short> produceVersionsSeen() {
        return Set.copyOf(produceVersionsSeen);
    }

    /**
     * Closes every broker and connection.
     *
     * @throws IllegalStateException when a connection thread failed unexpectedly (see the class comment)
     */
    @Override
    public void close() {
        brokers.forEach(SimulatedBroker::close);
        List<Throwable> errors;
        synchronized (this) {
            errors = List.copyOf(unexpectedErrors);
        }
        if (!errors.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("the simulated cluster failed unexpectedly "
                    + errors.size() + " time(s), first: " + errors.get(0), errors.get(0));
            errors.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------------ for brokers

    Duration responseDelay() {
        return responseDelay;
    }

    /** A connection thread failed in a way the simulation does not expect; reported by {@link #close()}. */
    synchronized void unexpected(Throwable error) {
        unexpectedErrors.add(error);
    }

    /** The client's own version ranges, with Produce capped at the configured version. */
    ApiVersionsResponse apiVersions() {
        List<ApiVersionsResponse.ApiVersion> versions = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            short max = key == ApiKey.PRODUCE ? maxProduceVersion : key.latestVersion();
            versions.add(new ApiVersionsResponse.ApiVersion().setApiKey(key.id())
                    .setMinVersion(key.oldestVersion()).setMaxVersion(max));
        }
        return new ApiVersionsResponse().setApiKeys(versions);
    }

    /** Every broker, and the requested topics (all for a null list) with their partitions' leaders. */
    synchronized MetadataResponse metadata(MetadataRequest request) {
        List<MetadataResponse.MetadataResponseBroker> brokerList = new ArrayList<>();
        List<Integer> brokerIds = new ArrayList<>();
        for (SimulatedBroker broker : brokers) {
            brokerList.add(new MetadataResponse.MetadataResponseBroker().setNodeId(broker.id())
                    .setHost(SimulatedBroker.HOST).setPort(broker.port()));
            brokerIds.add(broker.id());
        }
        List<String> wanted = new ArrayList<>();
        if (request.topics() == null) {
            wanted.addAll(topics.keySet());
        } else {
            request.topics().forEach(topic -> wanted.add(topic.name()));
        }
        List<MetadataResponse.MetadataResponseTopic> topicList = new ArrayList<>();
        for (String name : wanted) {
            MetadataResponse.MetadataResponseTopic topic = new MetadataResponse.MetadataResponseTopic().setName(name);
            SimulatedPartition[] partitions = topics.get(name);
            if (partitions == null) {
                topicList.add(topic.setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()));
                continue;
            }
            List<MetadataResponse.MetadataResponsePartition> partitionList = new ArrayList<>();
            for (SimulatedPartition partition : partitions) {
                partitionList.add(new MetadataResponse.MetadataResponsePartition()
                        .setPartitionIndex(partition.index()).setLeaderId(partition.leaderId())
                        .setLeaderEpoch(partition.leaderEpoch()).setReplicaNodes(brokerIds).setIsrNodes(brokerIds));
            }
            topicList.add(topic.setTopicId(topicIds.get(name)).setPartitions(partitionList));
        }
        return new MetadataResponse().setBrokers(brokerList).setClusterId("simulated").setControllerId(0)
                .setTopics(topicList);
    }

    /** A fresh producer id with epoch 0, whatever the request carries (rule 7 of {@link ProducerStateTable}). */
    synchronized InitProducerIdResponse initProducerId() {
        return new InitProducerIdResponse().setProducerId(nextProducerId++).setProducerEpoch((short) 0);
    }

    /** Keeps a request read by broker {@code brokerId} to append it later ({@link Fault#ZOMBIE}). */
    synchronized void holdZombie(int brokerId, short version, ProduceRequest request) {
        zombies.add(new HeldRequest(brokerId, version, request));
    }

    /**
     * Handles a Produce request that reached broker {@code brokerId}, under {@code fault} (only the faults that
     * decide the answer matter here; the connection-level ones are the broker's). Held zombie requests are
     * appended first, their answers discarded.
     */
    synchronized ProduceOutcome produce(int brokerId, short version, ProduceRequest request, Fault fault) {
        for (HeldRequest zombie : zombies) {
            answer(zombie.brokerId, zombie.version, zombie.request, Fault.NONE);
        }
        zombies.clear();
        return answer(brokerId, version, request, fault);
    }

    /** The client received the response of {@code outcome}: its successes are now known to the client. */
    synchronized void delivered(ProduceOutcome outcome) {
        for (ProduceOutcome.Success success : outcome.successes()) {
            success.partition().confirmed(success.baseOffset());
        }
    }

    private ProduceOutcome answer(int brokerId, short version, ProduceRequest request, Fault fault) {
        produceVersionsSeen.add(version);
        List<ProduceOutcome.Success> successes = new ArrayList<>();
        List<ProduceResponse.TopicProduceResponse> topicAnswers = new ArrayList<>();
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            List<ProduceResponse.PartitionProduceResponse> partitionAnswers = new ArrayList<>();
            for (ProduceRequest.PartitionProduceData data : topic.partitionData()) {
                partitionAnswers.add(answerPartition(brokerId, topic.name(), data, fault, successes));
            }
            topicAnswers.add(new ProduceResponse.TopicProduceResponse().setName(topic.name())
                    .setPartitionResponses(partitionAnswers));
        }
        return new ProduceOutcome(new ProduceResponse().setResponses(topicAnswers), successes);
    }

    private ProduceResponse.PartitionProduceResponse answerPartition(int brokerId, String topic,
            ProduceRequest.PartitionProduceData data, Fault fault, List<ProduceOutcome.Success> successes) {
        SimulatedPartition[] partitions = topics.get(topic);
        if (partitions == null || data.index() < 0 || data.index() >= partitions.length) {
            return failed(data.index(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        SimulatedPartition partition = partitions[data.index()];
        if (partition.leaderId() != brokerId) {
            return failed(data.index(), ErrorCode.NOT_LEADER_OR_FOLLOWER);
        }
        switch (fault) {
            case NOT_LEADER -> {
                partition.moveLeaderTo((brokerId + 1) % brokers.size());
                return failed(data.index(), ErrorCode.NOT_LEADER_OR_FOLLOWER);
            }
            case NOT_ENOUGH_REPLICAS -> {
                return failed(data.index(), ErrorCode.NOT_ENOUGH_REPLICAS);
            }
            case FORGET_PRODUCERS -> partition.forgetProducersIfSettled();
            default -> {
                // the fault does not change how this partition is answered
            }
        }
        IncomingBatch batch;
        try {
            batch = IncomingBatch.decode(data.records());
        } catch (IllegalArgumentException | KafkaException e) {
            return failed(data.index(), ErrorCode.CORRUPT_MESSAGE);
        }
        SimulatedPartition.AppendResult result = partition.append(batch);
        if (!result.succeeded()) {
            return failed(data.index(), result.error());
        }
        if (fault == Fault.TIMEOUT_AFTER_APPEND) {
            return failed(data.index(), ErrorCode.REQUEST_TIMED_OUT);
        }
        successes.add(new ProduceOutcome.Success(partition, result.baseOffset()));
        return new ProduceResponse.PartitionProduceResponse().setIndex(data.index()).setBaseOffset(result.baseOffset());
    }

    private static ProduceResponse.PartitionProduceResponse failed(int index, ErrorCode error) {
        return new ProduceResponse.PartitionProduceResponse().setIndex(index).setErrorCode(error.code())
                .setBaseOffset(-1);
    }

    private SimulatedPartition partition(String topic, int partition) {
        SimulatedPartition[] partitions = topics.get(topic);
        if (partitions == null || partition < 0 || partition >= partitions.length) {
            throw new IllegalArgumentException("no partition " + topic + "-" + partition + " in the simulated cluster");
        }
        return partitions[partition];
    }
}
