package io.kafkago.spring.listener;

import io.kafkago.GroupProtocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param groupProtocol the group protocol; {@code null} for the reader default ({@code kafkago.reader.group-protocol})
 * @param deadLetterTopic fixed dead-letter topic, or {@code null} to derive it from the message's topic
 * @param deadLetterFailurePolicy what the container does when a dead letter cannot be written
 * @param retry how failing handlers are called again
 * @param transactional whether each member handles messages exactly once, in transactions of a producer of its own
 *     that also commit the consumed offsets
 * @param method the handler
 */
public record ListenerEndpoint(String id, List<String> topics, String groupId, int concurrency, boolean autoStartup,
        StartOffset startOffset, GroupProtocol groupProtocol, String deadLetterTopic, DeadLetterFailurePolicy deadLetterFailurePolicy,
        RetryBackOff retry, boolean transactional, ListenerMethod method) {

    /** Validates and copies the values. */
    public ListenerEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(deadLetterFailurePolicy, "deadLetterFailurePolicy");
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

    /** The dead-letter topic of messages from {@code topic}: the fixed one, or {@code topic + suffix}. */
    public String deadLetterTopicFor(String topic, String suffix) {
        return deadLetterTopic != null ? deadLetterTopic : topic + suffix;
    }

    /** Every dead-letter topic of this listener, each with the listener's topics whose messages go there. */
    public Map<String, List<String>> deadLetterTopics(String suffix) {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        for (String topic : topics) {
            sources.computeIfAbsent(deadLetterTopicFor(topic, suffix), name -> new ArrayList<>()).add(topic);
        }
        return sources;
    }
}
