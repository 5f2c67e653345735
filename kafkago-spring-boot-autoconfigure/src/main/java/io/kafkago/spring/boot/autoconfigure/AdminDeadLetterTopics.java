package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Client;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConfigException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.TopicConfig;
import io.kafkago.TopicListing;
import io.kafkago.ErrorCode;
import io.kafkago.spring.listener.DeadLetterTopics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a listener's dead-letter topics with the admin {@link Client} and, when
 * {@code kafkago.listener.dead-letter.auto-create} is on, creates the missing ones: with as many partitions as
 * the listener topic whose messages they receive (the most of them, when several share one dead-letter topic;
 * the broker's {@code num.partitions} when none exists yet) and {@code kafkago.listener.dead-letter.replication-factor}
 * replicas (unset: the broker's {@code default.replication.factor}).
 *
 * <p>A cluster that cannot be reached is no reason to refuse to start, as the readers wait for it too: the
 * check is then skipped with a warning, and a missing topic shows when the first dead letter is written.
 */
final class AdminDeadLetterTopics implements DeadLetterTopics {

    private static final Logger log = LoggerFactory.getLogger(AdminDeadLetterTopics.class);

    private final Supplier<Client> client;
    private final boolean autoCreate;
    private final Integer replicationFactor;

    /**
     * @param client asked only when a container starts, so that an application without listeners opens no
     *     admin connection
     * @param replicationFactor replicas of created topics, or null for the broker's default
     * @throws KafkaConfigException naming the property when the replication factor is below 1
     */
    AdminDeadLetterTopics(Supplier<Client> client, boolean autoCreate, Integer replicationFactor) {
        if (replicationFactor != null && replicationFactor < 1) {
            throw new KafkaConfigException("kafkago.listener.dead-letter.replication-factor: must be at least 1 "
                    + "(or unset for the broker's default), was " + replicationFactor);
        }
        this.client = client;
        this.autoCreate = autoCreate;
        this.replicationFactor = replicationFactor;
    }

    @Override
    public void ensureExist(String listenerId, Map<String, List<String>> sourcesByDeadLetterTopic) {
        Map<String, Integer> partitionCounts = new HashMap<>();
        try {
            for (TopicListing topic : client.get().listTopics()) {
                partitionCounts.put(topic.name(), topic.partitionCount());
            }
        } catch (KafkaConnectionException | KafkaTimeoutException e) {
            log.warn("Listener '{}' could not check its dead-letter topics {} ({}); starting anyway: a missing one "
                    + "will show when the first dead letter is written (kafkago.listener.dead-letter.failure-policy)",
                    listenerId, sourcesByDeadLetterTopic.keySet(), e.toString());
            return;
        }
        sourcesByDeadLetterTopic.forEach((deadLetterTopic, sources) -> {
            if (partitionCounts.containsKey(deadLetterTopic)) {
                return;
            }
            if (!autoCreate) {
                throw new IllegalStateException("Listener '" + listenerId + "' sends dead letters to topic '"
                        + deadLetterTopic + "', which does not exist: create it, or set "
                        + "kafkago.listener.dead-letter.auto-create=true to have it created when the listener starts");
            }
            create(listenerId, deadLetterTopic, sources.stream().mapToInt(source ->
                    partitionCounts.getOrDefault(source, TopicConfig.BROKER_DEFAULT)).max()
                    .orElse(TopicConfig.BROKER_DEFAULT));
        });
    }

    private void create(String listenerId, String topic, int partitions) {
        TopicConfig.Builder config = TopicConfig.builder(topic).numPartitions(partitions);
        if (replicationFactor != null) {
            config.replicationFactor(replicationFactor);
        }
        try {
            client.get().createTopics(config.build());
            log.info("Listener '{}': created dead-letter topic '{}' (partitions: {}, replication factor: {})",
                    listenerId, topic, partitions == TopicConfig.BROKER_DEFAULT ? "broker default" : partitions,
                    replicationFactor == null ? "broker default" : replicationFactor);
        } catch (KafkaBrokerException e) {
            if (e.errorCode() == ErrorCode.TOPIC_ALREADY_EXISTS) {
                return; // another instance of the application created it first
            }
            throw new IllegalStateException("Listener '" + listenerId + "' could not create its dead-letter topic '"
                    + topic + "' (" + e.getMessage() + "): create it beforehand; creating it at start-up needs the "
                    + "right to create topics and a replication factor the cluster can hold "
                    + "(kafkago.listener.dead-letter.replication-factor)", e);
        }
    }
}
