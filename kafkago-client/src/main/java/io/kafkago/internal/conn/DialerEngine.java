package io.kafkago.internal.conn;

import io.kafkago.Broker;
import io.kafkago.Dialer;
import io.kafkago.ErrorCode;
import io.kafkago.IsolationLevel;
import io.kafkago.KafkaBrokerException;
import io.kafkago.Partition;
import io.kafkago.TopicPartition;
import io.kafkago.internal.Backoff;
import io.kafkago.internal.admin.AdminRequests;
import io.kafkago.network.BrokerAddress;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ClusterMetadata;
import io.kafkago.network.ConnectionSettings;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.PartitionMetadata;
import io.kafkago.network.TopicMetadata;
import io.kafkago.protocol.message.ListOffsetsResponse;
import io.kafkago.protocol.message.MetadataResponse;
import java.util.List;
import java.util.Map;

/**
 * What {@code Dialer} does on the wire: opens connections with its settings, finds a partition and its leader, and
 * checks that the leader serves the partition before handing out a connection to it.
 */
public final class DialerEngine {

    private static final long LEADER_RETRY_BACKOFF_MILLIS = 100;

    private final Dialer dialer;
    private final ConnectionSettings settings;

    /** An engine connecting with {@code dialer}'s settings. */
    public DialerEngine(Dialer dialer) {
        this.dialer = dialer;
        this.settings = ConnectionSettings.of(dialer);
    }

    /** Connects to the broker at {@code address}, {@code host:port}. */
    public ConnEngine dial(String address) {
        return new ConnEngine(open(BrokerAddress.parse(address)), null, -1, null);
    }

    /**
     * Connects to the leader of a partition, found through the broker at {@code address}, retrying retriable errors
     * until the dial timeout: the leader is asked for the partition's end offset before the connection is returned.
     */
    public ConnEngine dialLeader(String address, String topic, int partition) {
        long deadline = System.nanoTime() + dialer.dialTimeout().toNanos();
        BrokerConnection bootstrap = open(BrokerAddress.parse(address));
        try {
            while (true) {
                Located located = locate(bootstrap, topic, partition, deadline);
                Broker leader = located.cluster.brokers().get(located.partition.leaderId());
                ErrorCode error = ErrorCode.LEADER_NOT_AVAILABLE;
                if (leader != null) {
                    BrokerAddress leaderAddress = new BrokerAddress(leader.host(), leader.port());
                    BrokerConnection connection = leaderAddress.equals(bootstrap.address()) ? bootstrap : open(leaderAddress);
                    error = leadership(connection, topic, partition);
                    if (error == ErrorCode.NONE) {
                        if (connection != bootstrap) {
                            bootstrap.close();
                        }
                        return new ConnEngine(connection, topic, partition, located.topic.topicId());
                    }
                    if (connection != bootstrap) {
                        connection.close();
                    }
                }
                if (!error.retriable() || System.nanoTime() + LEADER_RETRY_BACKOFF_MILLIS * 1_000_000 - deadline > 0) {
                    throw new KafkaBrokerException(error, "dialing the leader of " + topic + "-" + partition);
                }
                Backoff.sleep(LEADER_RETRY_BACKOFF_MILLIS * 1_000_000, "waiting for a partition leader");
            }
        } catch (RuntimeException e) {
            bootstrap.close();
            throw e;
        }
    }

    /** The current leader of a partition, asked of the broker at {@code address}. */
    public Broker lookupLeader(String address, String topic, int partition) {
        long deadline = System.nanoTime() + dialer.dialTimeout().toNanos();
        try (BrokerConnection connection = open(BrokerAddress.parse(address))) {
            Located located = locate(connection, topic, partition, deadline);
            return located.cluster.brokers().get(located.partition.leaderId());
        }
    }

    /** Every partition of {@code topic}, asked of the broker at {@code address}. */
    public List<Partition> lookupPartitions(String address, String topic) {
        try (BrokerConnection connection = open(BrokerAddress.parse(address))) {
            ClusterMetadata cluster = metadata(connection, topic);
            TopicMetadata found = cluster.topics().get(topic);
            if (found == null || found.error() != ErrorCode.NONE) {
                throw new KafkaBrokerException(found == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : found.error(),
                        "partitions of topic " + topic);
            }
            return cluster.toPartitions(found);
        }
    }

    /** Asks {@code connection} for the partition's end offset: NONE when it leads the partition. */
    private ErrorCode leadership(BrokerConnection connection, String topic, int partition) {
        ListOffsetsResponse response = BrokerConnection.await(connection.send(AdminRequests.listOffsets(
                Map.of(new TopicPartition(topic, partition), AdminRequests.LATEST_TIMESTAMP),
                IsolationLevel.READ_UNCOMMITTED)),
                dialer.requestTimeout().toNanos(), "asking " + connection.address() + " for " + topic + "-" + partition);
        if (response.topics().isEmpty() || response.topics().get(0).partitions().isEmpty()) {
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return ErrorCode.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }

    private record Located(ClusterMetadata cluster, TopicMetadata topic, PartitionMetadata partition) {
    }

    /** Finds a partition and its leader, retrying retriable metadata errors until {@code deadline}. */
    private Located locate(BrokerConnection connection, String topic, int partition, long deadline) {
        while (true) {
            ClusterMetadata cluster = metadata(connection, topic);
            TopicMetadata found = cluster.topics().get(topic);
            ErrorCode error = found == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : found.error();
            PartitionMetadata wanted = error == ErrorCode.NONE ? found.partition(partition) : null;
            if (wanted != null && wanted.leaderId() >= 0) {
                return new Located(cluster, found, wanted);
            }
            if (error == ErrorCode.NONE) {
                error = wanted == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.LEADER_NOT_AVAILABLE;
            }
            if (!error.retriable() || System.nanoTime() + LEADER_RETRY_BACKOFF_MILLIS * 1_000_000 - deadline > 0) {
                throw new KafkaBrokerException(error, "looking up the leader of " + topic + "-" + partition);
            }
            Backoff.sleep(LEADER_RETRY_BACKOFF_MILLIS * 1_000_000, "waiting for a partition leader");
        }
    }

    private ClusterMetadata metadata(BrokerConnection connection, String topic) {
        MetadataResponse response = BrokerConnection.await(
                connection.send(MetadataCache.request(List.of(topic), false)), dialer.requestTimeout().toNanos(),
                "reading metadata from " + connection.address());
        return ClusterMetadata.of(response);
    }

    private BrokerConnection open(BrokerAddress address) {
        BrokerConnection connection = BrokerConnection.open(address, settings);
        try {
            // The connection enforces the dial timeout itself; the extra second only covers scheduling.
            return connection.awaitReady(dialer.dialTimeout().plusSeconds(1));
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
