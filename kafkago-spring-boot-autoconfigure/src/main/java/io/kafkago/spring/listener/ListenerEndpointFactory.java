package io.kafkago.spring.listener;

import io.kafkago.GroupProtocol;

import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.PayloadConverter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link KafkaGoListener} annotation into a {@link ListenerEndpoint}: resolves placeholders,
 * applies the property defaults and checks every value, so that a bad listener fails start-up with a
 * message naming the method.
 */
public final class ListenerEndpointFactory {

    private final ListenerSettings settings;
    private final String defaultGroupId;
    private final StartOffset defaultStartOffset;
    private final PayloadConverter converter;

    /**
     * @param defaultGroupId {@code kafkago.reader.group-id}, or {@code null}
     * @param defaultStartOffset {@code kafkago.reader.start-offset}, or {@code null} for the reader default
     * @param converter JSON conversion, or {@code null} when the application has none
     */
    public ListenerEndpointFactory(ListenerSettings settings, String defaultGroupId, StartOffset defaultStartOffset,
            PayloadConverter converter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.defaultGroupId = defaultGroupId;
        this.defaultStartOffset = defaultStartOffset;
        this.converter = converter;
    }

    /**
     * Builds the endpoint for one annotated method.
     *
     * @param placeholders resolves {@code ${...}} in attribute values
     * @throws IllegalStateException naming the method when an attribute or parameter is invalid
     */
    public ListenerEndpoint create(Object bean, String beanName, Method method, KafkaGoListener annotation,
            UnaryOperator<String> placeholders) {
        String where = "@KafkaGoListener method " + method.getDeclaringClass().getName() + "." + method.getName();
        String id = resolve(placeholders, annotation.id());
        if (id.isEmpty()) {
            id = beanName + "." + method.getName();
        }
        List<String> topics = new ArrayList<>();
        for (String entry : annotation.topics()) {
            for (String topic : resolve(placeholders, entry).split(",")) {
                if (!topic.isBlank()) {
                    topics.add(topic.trim());
                }
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException(where + ": no topics (topics = " + List.of(annotation.topics())
                    + " resolved to nothing)");
        }
        String groupId = resolve(placeholders, annotation.groupId());
        if (groupId.isEmpty()) {
            groupId = defaultGroupId == null ? "" : defaultGroupId.trim();
        }
        if (groupId.isEmpty()) {
            throw new IllegalStateException(where + ": no consumer group; set groupId on the annotation "
                    + "or the kafkago.reader.group-id property");
        }
        int concurrency = intAttribute(where, "concurrency", resolve(placeholders, annotation.concurrency()),
                settings.concurrency());
        int maxAttempts = intAttribute(where, "maxAttempts", resolve(placeholders, annotation.maxAttempts()),
                settings.retry().maxAttempts());
        boolean autoStartup = booleanAttribute(where, "autoStartup", resolve(placeholders, annotation.autoStartup()),
                settings.autoStartup());
        boolean transactional = booleanAttribute(where, "transactional",
                resolve(placeholders, annotation.transactional()), settings.transactional());
        StartOffset startOffset = defaultStartOffset;
        String startOffsetText = resolve(placeholders, annotation.startOffset());
        if (!startOffsetText.isEmpty()) {
            try {
                startOffset = StartOffset.parse(startOffsetText);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        GroupProtocol groupProtocol = groupProtocolAttribute(where, resolve(placeholders, annotation.groupProtocol()));
        String deadLetterTopic = resolve(placeholders, annotation.deadLetterTopic());
        if (topics.contains(deadLetterTopic)) {
            throw new IllegalStateException(where + ": the dead-letter topic '" + deadLetterTopic
                    + "' is one of the listener's own topics");
        }
        DeadLetterFailurePolicy deadLetterFailurePolicy = settings.deadLetterFailurePolicy();
        String policyText = resolve(placeholders, annotation.deadLetterFailurePolicy());
        if (!policyText.isEmpty()) {
            try {
                deadLetterFailurePolicy = DeadLetterFailurePolicy.parse(policyText);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage());
            }
        }
        ListenerMethod listenerMethod = ListenerMethod.of(bean, method, annotation.batch(), converter);
        try {
            return new ListenerEndpoint(id, topics, groupId, concurrency, autoStartup, startOffset, groupProtocol,
                    deadLetterTopic.isEmpty() ? null : deadLetterTopic, deadLetterFailurePolicy,
                    settings.retry().withMaxAttempts(maxAttempts), transactional, listenerMethod);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
    }

    /** The annotation's group protocol, or null to keep {@code kafkago.reader.group-protocol}. */
    private static GroupProtocol groupProtocolAttribute(String where, String text) {
        if (text.isEmpty()) {
            return null;
        }
        for (GroupProtocol protocol : GroupProtocol.values()) {
            if (protocol.name().equalsIgnoreCase(text)) {
                return protocol;
            }
        }
        throw new IllegalStateException(where + ": groupProtocol must be \"classic\" or \"consumer\", was \"" + text + "\"");
    }

    private static String resolve(UnaryOperator<String> placeholders, String value) {
        String resolved = placeholders.apply(value);
        return resolved == null ? "" : resolved.trim();
    }

    private static int intAttribute(String where, String name, String text, int fallback) {
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1) {
                throw new IllegalStateException(where + ": " + name + " must be at least 1, was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + ": " + name + " must be a whole number, was '" + text + "'");
        }
    }

    private static boolean booleanAttribute(String where, String name, String text, boolean fallback) {
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalStateException(where + ": " + name + " must be 'true' or 'false', was '" + text + "'");
    }
}
