package io.kafkago.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Topic administration shared by every {@link KafkaTestCluster}: one lazily created kafka-clients Admin per cluster.
 */
final class TopicAdministrator implements AutoCloseable {

    private final String bootstrapServers;
    private final Duration timeout;
    private Admin admin;

    TopicAdministrator(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** Creates the topic, then waits until the cluster reports a leader for each of its partitions. */
    void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
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
    String clusterId() {
        return await(admin().describeCluster().clusterId(), "reach a broker");
    }

    /** Deletes the topic; returns once the controller acknowledged the deletion. */
    void deleteTopic(String name) {
        await(admin().deleteTopics(List.of(name)).all(), "delete topic " + name);
    }

    /** Describes a topic as the cluster sees it now, or empty if the topic does not exist (yet). */
    Optional<TopicDescription> describe(String name) {
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

    /** The partition as the cluster describes it now; fails if the topic or partition does not exist. */
    TopicPartitionInfo partition(String topic, int partition) {
        TopicDescription description = describe(topic)
                .orElseThrow(() -> new KafkaTestSetupException("Topic " + topic + " does not exist"));
        return description.partitions().stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new KafkaTestSetupException("Topic " + topic + " has no partition " + partition));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            int timeoutMillis = (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
            try {
                admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG, "kafkago-test-admin",
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMillis, 10_000)));
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new KafkaTestSetupException("Cannot create an admin client for " + bootstrapServers, e);
            }
        }
        return admin;
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
