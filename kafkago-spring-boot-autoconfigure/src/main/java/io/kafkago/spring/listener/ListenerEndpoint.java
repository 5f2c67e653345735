package io.kafkago.spring.listener;

import java.util.List;
import java.util.Objects;

/**
 * One {@code @KafkaGoListener} method with its annotation resolved against the properties: everything a
 * container needs to run it.
 *
 * @param id container id
 * @param topics topics to consume (at least one)
 * @param groupId consumer group
 * @param concurrency group members (threads)
 * @param autoStartup whether the container starts with the context
 * @param startOffset where a group without committed offsets starts; {@code null} for the reader default
 * @param deadLetterTopic fixed dead-letter topic, or {@code null} to derive it from the message's topic
 * @param retry how failing handlers are called again
 * @param method the handler
 */
public record ListenerEndpoint(String id, List<String> topics, String groupId, int concurrency, boolean autoStartup,
        StartOffset startOffset, String deadLetterTopic, RetryBackOff retry, ListenerMethod method) {

    /** Validates and copies the values. */
    public ListenerEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(method, "method");
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("listener '" + id + "' has no topics");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("listener '" + id + "': concurrency must be at least 1, was "
                    + concurrency);
        }
    }
}
