package io.kafkago;

import java.util.UUID;

/**
 * A topic as {@link Client#listTopics()} reports it.
 *
 * @param name topic name
 * @param topicId the topic's id
 * @param internal whether Kafka uses it itself (e.g. {@code __consumer_offsets})
 * @param partitionCount number of partitions
 */
public record TopicListing(String name, UUID topicId, boolean internal, int partitionCount) {
}
