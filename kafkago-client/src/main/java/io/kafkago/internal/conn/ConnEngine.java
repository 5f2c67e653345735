package io.kafkago.internal.conn;

import io.kafkago.Broker;
import io.kafkago.Compression;
import io.kafkago.ErrorCode;
import io.kafkago.IsolationLevel;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.Message;
import io.kafkago.Partition;
import io.kafkago.RequiredAcks;
import io.kafkago.TopicConfig;
import io.kafkago.TopicPartition;
import io.kafkago.internal.AbortedTransactionFilter;
import io.kafkago.internal.admin.AdminRequests;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ClusterMetadata;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.TopicMetadata;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.message.CreateTopicsResponse;
import io.kafkago.protocol.message.DeleteTopicsResponse;
import io.kafkago.protocol.message.FetchRequest;
import io.kafkago.protocol.message.FetchResponse;
import io.kafkago.protocol.message.ListOffsetsResponse;
import io.kafkago.protocol.message.MetadataResponse;
import io.kafkago.protocol.message.ProduceRequest;
import io.kafkago.protocol.message.ProduceResponse;
import io.kafkago.protocol.record.CompressionCodec;
import io.kafkago.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The requests of one {@code Conn}: produce and fetch for its partition, offsets, metadata and topic changes, each
 * bounded by the time the caller gives. Deadlines and the read position stay with the {@code Conn}. Thread-safe.
 */
public final class ConnEngine implements AutoCloseable {

    /** Extra wait beyond a request's own timeout, so the request's timer always fires first. */
    private static final long AWAIT_SLACK_NANOS = 1_000_000_000L;

    private final BrokerConnection connection;
    private final String topic;
    private final int partition;
    private final UUID topicId;
    private final RecordBatchBuilder batchBuilder = new RecordBatchBuilder();

    /**
     * An engine over an open connection.
     *
     * @param topic the dialed topic, or null for a connection to a broker
     * @param topicId the topic's id (null without a topic), sent to brokers whose produce and fetch name topics by id
     */
    public ConnEngine(BrokerConnection connection, String topic, int partition, UUID topicId) {
        this.connection = connection;
        this.topic = topic;
        this.partition = partition;
        this.topicId = topicId;
    }

    /** The dialed topic, or null. */
    public String topic() {
        return topic;
    }

    /** The dialed partition, or -1. */
    public int partition() {
        return partition;
    }

    /** The broker's address, {@code host:port}. */
    public String address() {
        return connection.address().toString();
    }

    /**
     * Writes messages to the dialed partition as one record batch and waits for {@code acks}.
     *
     * @return the number of key and value bytes written
     */
    public int produce(List<Message> messages, Compression compression, RequiredAcks acks, long timeoutNanos) {
        ByteBuffer records;
        int bytes = 0;
        synchronized (batchBuilder) {
            batchBuilder.reset(CompressionCodec.forId(compression.id()));
            long now = System.currentTimeMillis();
            for (Message message : messages) {
                batchBuilder.append(message.time() == null ? now : message.time().toEpochMilli(), message.key(),
                        message.value(), message.headers());
                bytes += length(message.key()) + length(message.value());
            }
            records = batchBuilder.build();
        }
        short version = connection.negotiatedVersion(ApiKey.PRODUCE);
        ProduceRequest.TopicProduceData topicData = new ProduceRequest.TopicProduceData()
                .setPartitionData(List.of(new ProduceRequest.PartitionProduceData().setIndex(partition).setRecords(records)));
        if (version >= 13) {
            topicData.setTopicId(topicId);
        } else {
            topicData.setName(topic);
        }
        ProduceRequest request = new ProduceRequest().setAcks(acks.value())
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, timeoutNanos / 1_000_000)).setTopicData(List.of(topicData));
        String what = "producing to " + topic + "-" + partition;
        if (acks == RequiredAcks.NONE) {
            BrokerConnection.await(connection.sendWithoutResponse(request, version, Duration.ofNanos(timeoutNanos)),
                    timeoutNanos + AWAIT_SLACK_NANOS, what);
            return bytes;
        }
        ProduceResponse response = call(request, version, timeoutNanos, what);
        for (var topicResponse : response.responses()) {
            for (var partitionResponse : topicResponse.partitionResponses()) {
                AdminRequests.throwIfError(partitionResponse.errorCode(), partitionResponse.errorMessage(), what);
            }
        }
        return bytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /**
     * The record batches one fetch returned, with the partition's high watermark and, under READ_COMMITTED, the
     * filter of the transactions the broker listed as aborted (null under READ_UNCOMMITTED).
     */
    public record FetchedRecords(ByteBuffer records, long highWaterMark, AbortedTransactionFilter abortedTransactions) {

        /** Whether the fetch returned any bytes. */
        public boolean isEmpty() {
            return records == null || !records.hasRemaining();
        }
    }

    /**
     * Fetches from {@code offset} of the dialed partition; the broker waits up to {@code maxWaitMillis} for
     * {@code minBytes}. Under READ_COMMITTED the broker returns data up to the last stable offset only.
     *
     * @throws KafkaBrokerException when the broker reports an error for the fetch or the partition
     */
    public FetchedRecords fetch(long offset, int minBytes, int maxBytes, long maxWaitMillis, IsolationLevel isolation,
                                long timeoutNanos) {
        short version = connection.negotiatedVersion(ApiKey.FETCH);
        FetchRequest.FetchTopic fetchTopic = new FetchRequest.FetchTopic().setPartitions(List.of(
                new FetchRequest.FetchPartition().setPartition(partition).setFetchOffset(offset)
                        .setPartitionMaxBytes(maxBytes)));
        if (version >= 13) {
            fetchTopic.setTopicId(topicId);
        } else {
            fetchTopic.setTopic(topic);
        }
        FetchRequest request = new FetchRequest().setMaxWaitMs((int) maxWaitMillis).setMinBytes(minBytes)
                .setMaxBytes(maxBytes).setIsolationLevel(isolation.id()).setTopics(List.of(fetchTopic));
        String what = "fetching " + topic + "-" + partition;
        FetchResponse response = call(request, (short) -1, timeoutNanos, what);
        AdminRequests.throwIfError(response.errorCode(), null, what);
        FetchResponse.PartitionData data = response.responses().get(0).partitions().get(0);
        AdminRequests.throwIfError(data.errorCode(), null, what + " at offset " + offset);
        AbortedTransactionFilter aborted = null;
        if (isolation == IsolationLevel.READ_COMMITTED) {
            aborted = new AbortedTransactionFilter();
            aborted.reset(data.abortedTransactions());
        }
        return new FetchedRecords(data.records(), data.highWatermark(), aborted);
    }

    /** The first offset still in the dialed partition. */
    public long firstOffset(IsolationLevel isolation, long timeoutNanos) {
        return listOffset(AdminRequests.EARLIEST_TIMESTAMP, isolation, timeoutNanos);
    }

    /**
     * The offset the next message written to the dialed partition gets, or under READ_COMMITTED the last stable
     * offset (the first of a transaction still open).
     */
    public long lastOffset(IsolationLevel isolation, long timeoutNanos) {
        return listOffset(AdminRequests.LATEST_TIMESTAMP, isolation, timeoutNanos);
    }

    /** The first offset whose message is at or after {@code timestampMillis}, or -1 when none is. */
    public long offsetAt(long timestampMillis, IsolationLevel isolation, long timeoutNanos) {
        return listOffset(timestampMillis, isolation, timeoutNanos);
    }

    private long listOffset(long timestamp, IsolationLevel isolation, long timeoutNanos) {
        TopicPartition key = new TopicPartition(topic, partition);
        ListOffsetsResponse response = call(AdminRequests.listOffsets(Map.of(key, timestamp), isolation), (short) -1,
                timeoutNanos, "listing offsets of " + key);
        Long found = AdminRequests.offsetsOf(response).get(key);
        if (found == null) {
            throw new KafkaProtocolException("ListOffsets response does not mention " + key);
        }
        return found;
    }

    /**
     * Partitions of {@code topics}, or of every topic when it is empty, in topic and partition order.
     *
     * @throws KafkaBrokerException when a named topic does not exist
     */
    public List<Partition> partitions(List<String> topics, long timeoutNanos) {
        ClusterMetadata cluster = metadata(topics.isEmpty() ? null : topics, timeoutNanos);
        List<Partition> partitions = new ArrayList<>();
        List<TopicMetadata> described = new ArrayList<>(cluster.topics().values());
        described.sort(Comparator.comparing(TopicMetadata::name));
        for (TopicMetadata topicMetadata : described) {
            if (topicMetadata.error() != ErrorCode.NONE) {
                throw new KafkaBrokerException(topicMetadata.error(), "reading partitions of topic " + topicMetadata.name());
            }
            partitions.addAll(cluster.toPartitions(topicMetadata));
        }
        return partitions;
    }

    /** Every broker of the cluster, by id. */
    public List<Broker> brokers(long timeoutNanos) {
        List<Broker> brokers = new ArrayList<>(metadata(List.of(), timeoutNanos).brokers().values());
        brokers.sort(Comparator.comparingInt(Broker::id));
        return brokers;
    }

    /** The controller broker as metadata reports it. */
    public Broker controller(long timeoutNanos) {
        Broker controller = metadata(List.of(), timeoutNanos).controller();
        if (controller == null) {
            throw new KafkaBrokerException(ErrorCode.BROKER_NOT_AVAILABLE, "the cluster reports no controller");
        }
        return controller;
    }

    /**
     * Creates topics and waits until the controller created them.
     *
     * @throws KafkaBrokerException for the first topic that could not be created
     */
    public void createTopics(List<TopicConfig> topics, long timeoutNanos) {
        CreateTopicsResponse response = call(AdminRequests.createTopics(topics, millis(timeoutNanos)), (short) -1,
                timeoutNanos, "creating topics");
        AdminRequests.checkCreateTopics(response);
    }

    /**
     * Deletes topics and waits until the controller deleted them.
     *
     * @throws KafkaBrokerException for the first topic that could not be deleted
     */
    public void deleteTopics(List<String> names, long timeoutNanos) {
        short version = connection.negotiatedVersion(ApiKey.DELETE_TOPICS);
        DeleteTopicsResponse response = call(AdminRequests.deleteTopics(names, millis(timeoutNanos), version), version,
                timeoutNanos, "deleting topics");
        AdminRequests.checkDeleteTopics(response);
    }

    private ClusterMetadata metadata(List<String> topics, long timeoutNanos) {
        MetadataResponse response = call(MetadataCache.request(topics, false), (short) -1, timeoutNanos,
                "reading metadata");
        return ClusterMetadata.of(response);
    }

    /** Closes the connection; calls in progress fail with {@code KafkaConnectionException}. */
    @Override
    public void close() {
        connection.close();
    }

    private <T extends ApiMessage> T call(ApiMessage request, short version, long timeoutNanos, String what) {
        return BrokerConnection.await(connection.send(request, version, Duration.ofNanos(timeoutNanos)),
                timeoutNanos + AWAIT_SLACK_NANOS, what);
    }

    private static int millis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
    }
}
