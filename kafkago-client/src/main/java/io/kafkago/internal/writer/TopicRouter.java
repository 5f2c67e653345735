package io.kafkago.internal.writer;

import io.kafkago.internal.Backoff;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.network.BrokerConnection;
import io.kafkago.network.ClusterMetadata;
import io.kafkago.network.MetadataCache;
import io.kafkago.network.PartitionMetadata;
import io.kafkago.network.TopicMetadata;
import io.kafkago.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells writer threads which partitions a topic has, as the ascending id array balancers take. Reads the
 * shared metadata cache without a round trip when it knows the topic; the array is rebuilt only when
 * the cached metadata changed, so partitions added to a topic are picked up at the next metadata refresh.
 * The first write to a topic asks a broker and waits, retrying while a new topic has no leaders yet.
 */
final class TopicRouter {

    private record Route(TopicMetadata source, int[] partitionIds) {
    }

    private final MetadataCache metadata;
    private final boolean allowAutoTopicCreation;
    private final Backoff backoff;
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

    TopicRouter(MetadataCache metadata, boolean allowAutoTopicCreation, Backoff backoff) {
        this.metadata = metadata;
        this.allowAutoTopicCreation = allowAutoTopicCreation;
        this.backoff = backoff;
    }

    /**
     * The topic's partition ids in ascending order (not to be modified).
     *
     * @param deadlineNanos {@link System#nanoTime()} by which a broker must have answered
     * @throws KafkaBrokerException UNKNOWN_TOPIC_OR_PARTITION when the topic does not exist (and may not be
     *     created), or the topic's own error such as TOPIC_AUTHORIZATION_FAILED
     * @throws KafkaTimeoutException when no usable answer came before the deadline
     * @throws KafkaInterruptedException when the thread was interrupted while waiting
     */
    int[] partitions(String topic, long deadlineNanos) {
        TopicMetadata cached = metadata.current().topics().get(topic);
        Route route = routes.get(topic);
        if (route != null && route.source == cached) {
            return route.partitionIds;
        }
        if (usable(cached)) {
            return remember(topic, cached);
        }
        int attempt = 0;
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            ClusterMetadata cluster = BrokerConnection.await(metadata.refresh(List.of(topic), allowAutoTopicCreation),
                    remaining, "looking up partitions of topic " + topic);
            TopicMetadata fresh = cluster.topics().get(topic);
            if (usable(fresh)) {
                return remember(topic, fresh);
            }
            ErrorCode error = fresh == null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : fresh.error();
            if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !allowAutoTopicCreation) {
                throw new KafkaBrokerException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        "topic " + topic + " does not exist (allowAutoTopicCreation is false)");
            }
            if (error != ErrorCode.NONE && error != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !error.retriable()) {
                throw error.exception("metadata for topic " + topic);
            }
            long pause = backoff.delayNanos(++attempt);
            if (System.nanoTime() + pause - deadlineNanos >= 0) {
                throw new KafkaTimeoutException("topic " + topic + " has no usable metadata yet (" + error + ")");
            }
            Backoff.sleep(pause, "waiting for metadata of topic " + topic);
        }
    }

    /** A topic can be written to once its partitions are known; leaders may still be moving. */
    private static boolean usable(TopicMetadata topic) {
        return topic != null && topic.error() == ErrorCode.NONE && !topic.partitions().isEmpty();
    }

    private int[] remember(String topic, TopicMetadata source) {
        List<PartitionMetadata> partitions = source.partitions();
        int[] ids = new int[partitions.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = partitions.get(i).partition();
        }
        Arrays.sort(ids);
        routes.put(topic, new Route(source, ids));
        return ids;
    }
}
