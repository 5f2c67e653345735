package io.kafkago.spring.listener;

import io.kafkago.Message;

/**
 * Writes the dead letters of every listener container. The auto-configuration supplies one backed by a
 * {@code Writer} of its own (synchronous, no fixed topic, bounded by {@code kafkago.writer.delivery-timeout});
 * an application bean of this type replaces it, for example to write dead letters to another cluster.
 */
@FunctionalInterface
public interface DeadLetterWriter {

    /**
     * Writes one dead letter (its topic is set) and returns once it was acknowledged. The container commits the
     * original message's offset only after this returned.
     *
     * @throws RuntimeException when the dead letter was not written; the listener's dead-letter failure policy
     *     decides what happens next
     */
    void write(Message deadLetter);
}
