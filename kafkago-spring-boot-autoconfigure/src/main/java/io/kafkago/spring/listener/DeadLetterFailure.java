package io.kafkago.spring.listener;

import java.time.Instant;

/**
 * A dead letter that could not be written: which message, where it should have gone and why it did not.
 *
 * @param listenerId the listener that gave up on the message
 * @param deadLetterTopic where the dead letter should have gone
 * @param topic the message's topic
 * @param partition the message's partition
 * @param offset the message's offset
 * @param attempts writes of the dead letter that failed so far
 * @param error the last write's failure, as {@code class: message}
 * @param since when the first write failed
 */
public record DeadLetterFailure(String listenerId, String deadLetterTopic, String topic, int partition, long offset,
        int attempts, String error, Instant since) {
}
