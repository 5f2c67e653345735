package io.kafkago.test.internal;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestSetupException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;

/**
 * Cluster administration shared by every test cluster: one lazily created kafka-clients Admin whose every call is
 * bounded by a timeout, so a call against a half-dead cluster fails instead of hanging the test.
 */
public final class ClusterAdmin implements AutoCloseable {

    /** Longest a single request may wait for a broker before Admin retries it elsewhere. */
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final Duration timeout;
    private final Duration requestTimeout;
    private Admin admin;

    /** Calls time out after {@code timeout}; one request after at most 10 s. */
    public ClusterAdmin(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, timeout.compareTo(MAX_REQUEST_TIMEOUT) < 0 ? timeout : MAX_REQUEST_TIMEOUT);
    }

    /**
     * Calls time out after {@code timeout}; a request a broker does not answer within {@code requestTimeout} is retried
     * on another broker (a paused broker then costs one request timeout, not the whole call).
     */
    public ClusterAdmin(String bootstrapServers, Duration timeout, Duration requestTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.requestTimeout = requestTimeout;
    }

    /** Creates the topic, then waits until the cluster reports a leader for each of its partitions. */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        if (partitions < 1 || replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("partitions must be >= 1 and replicationFactor in 1.." + Short.MAX_VALUE
                    + ", got " + partitions + " and " + replicationFactor + " for topic " + name);
        }
        NewTopic topic = new NewTopic(name, partitions, (short) replicationFactor).configs(Map.copyOf(configs));
        await(admin().createTopics(List.of(topic)).all(), "create topic " + name);
        Await.until(timeout, "leaders for all " + partitions + " partitions of " + name,
                () -> describe(name).map(d -> d.partitions().size() == partitions
                        && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))
                        .orElse(false));
    }

    /** Asks the cluster for its id: a cheap round trip proving that a broker answers. */
    public String clusterId() {
        return await(admin().describeCluster().clusterId(), "reach a broker");
    }

    /** Ids of the brokers the cluster reports as registered and unfenced, ascending. */
    public List<Integer> brokerIds() {
        return await(admin().describeCluster().nodes(), "describe the cluster").stream().map(Node::id).sorted()
                .collect(Collectors.toUnmodifiableList());
    }

    /** Deletes the topic; returns once the controller acknowledged the deletion. */
    public void deleteTopic(String name) {
        await(admin().deleteTopics(List.of(name)).all(), "delete topic " + name);
    }

    /** Describes a topic as the cluster sees it now, or empty if the topic does not exist (yet). */
    public Optional<TopicDescription> describe(String name) {
        try {
            return Optional.of(admin().describeTopics(Set.of(name)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(name));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new KafkaTestSetupException("Cannot describe topic " + name + " on " + bootstrapServers, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaTestSetupException("Timed out describing topic " + name + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaTestSetupException("Interrupted describing topic " + name, e);
        }
    }

    /** Describes every topic, internal ones ({@code __consumer_offsets}, ...) included. */
    public Collection<TopicDescription> describeAll() {
        Set<String> names = await(admin().listTopics(new ListTopicsOptions().listInternal(true)).names(),
                "list topics");
        return await(admin().describeTopics(names).allTopicNames(), "describe topics " + names).values();
    }

    /** The partition as the cluster describes it now; fails if the topic or partition does not exist. */
    public TopicPartitionInfo partition(String topic, int partition) {
        TopicDescription description = describe(topic)
                .orElseThrow(() -> new KafkaTestSetupException("Topic " + topic + " does not exist"));
        return description.partitions().stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new KafkaTestSetupException("Topic " + topic + " has no partition " + partition));
    }

    /**
     * The partition of {@code __consumer_offsets} whose leader coordinates the group (the broker's own mapping: the
     * group id's hash modulo the partition count). Asking creates {@code __consumer_offsets} if needed.
     */
    public TopicPartitionInfo groupCoordinatorPartition(String groupId) {
        // the FindCoordinator request behind this call creates __consumer_offsets on first use
        await(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
                "find the coordinator of group " + groupId);
        TopicDescription offsets = describe(Topic.GROUP_METADATA_TOPIC_NAME).orElseThrow(() ->
                new KafkaTestSetupException(Topic.GROUP_METADATA_TOPIC_NAME + " does not exist"));
        return partition(Topic.GROUP_METADATA_TOPIC_NAME, Utils.abs(groupId.hashCode()) % offsets.partitions().size());
    }

    /**
     * The {@code __transaction_state} partition holding {@code transactionalId}'s state: its leader is the transaction
     * coordinator. The topic exists once a producer initialized a transactional id.
     */
    public TopicPartitionInfo transactionCoordinatorPartition(String transactionalId) {
        TopicDescription state = describe(Topic.TRANSACTION_STATE_TOPIC_NAME).orElseThrow(() ->
                new KafkaTestSetupException(Topic.TRANSACTION_STATE_TOPIC_NAME + " does not exist: no transactional"
                        + " producer started yet"));
        return partition(Topic.TRANSACTION_STATE_TOPIC_NAME,
                Utils.abs(transactionalId.hashCode()) % state.partitions().size());
    }

    /**
     * Asks the controller to make each partition's preferred (first) replica its leader; partitions already led by it
     * are left alone.
     */
    public void electPreferredLeaders(Set<TopicPartition> partitions) {
        await(admin().electLeaders(ElectionType.PREFERRED, partitions).partitions(), "elect preferred leaders of "
                + partitions).forEach((partition, error) -> error
                .filter(e -> !(e instanceof ElectionNotNeededException))
                .ifPresent(e -> {
                    throw new KafkaTestSetupException("Cannot elect the preferred leader of " + partition + ": "
                            + e.getMessage(), e);
                }));
    }

    /** Starts moving a partition to {@code replicas} (the first is the preferred leader). */
    public void reassign(TopicPartition partition, List<Integer> replicas) {
        await(admin().alterPartitionReassignments(Map.of(partition,
                Optional.of(new NewPartitionReassignment(replicas)))).all(),
                "reassign " + partition + " to " + replicas);
    }

    /** Whether a reassignment of the partition is still under way. */
    public boolean isReassigning(TopicPartition partition) {
        return await(admin().listPartitionReassignments(Set.of(partition)).reassignments(),
                "list reassignments of " + partition).containsKey(partition);
    }

    private synchronized Admin admin() {
        if (admin == null) {
            try {
                admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG, "kafkago-test-admin",
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(timeout),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(requestTimeout)));
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new KafkaTestSetupException("Cannot create an admin client for " + bootstrapServers, e);
            }
        }
        return admin;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaTestSetupException("Cannot " + what + " on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaTestSetupException("Timed out after " + timeout + " trying to " + what + " on "
                    + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaTestSetupException("Interrupted trying to " + what, e);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
