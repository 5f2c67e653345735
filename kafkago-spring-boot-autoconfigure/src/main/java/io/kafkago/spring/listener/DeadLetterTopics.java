package io.kafkago.spring.listener;

import java.util.List;
import java.util.Map;

/**
 * Makes sure the topics a listener sends dead letters to exist before its container starts, so that a missing
 * one fails the start with a clear error instead of stalling a partition at the first message that fails.
 */
@FunctionalInterface
public interface DeadLetterTopics {

    /**
     * Checks (and where allowed creates) the listener's dead-letter topics.
     *
     * @param sourcesByDeadLetterTopic each dead-letter topic with the listener topics whose messages it receives
     * @throws IllegalStateException naming the topic and what to do about it when one is missing and may not be
     *     created, or could not be created
     */
    void ensureExist(String listenerId, Map<String, List<String>> sourcesByDeadLetterTopic);
}
