package io.kafkago;

import java.util.List;

/**
 * Called by a {@code Writer} when a group of messages was written or finally failed; in async
 * mode it is the only way to learn about errors. It runs on a writer thread: keep it short
 * and never block in it.
 */
@FunctionalInterface
public interface WriteCompletion {

    /**
     * Reports the outcome for {@code messages}.
     *
     * @param messages the messages concerned, with topic, partition and offset filled in when written
     * @param error    null on success, else why these messages were not written
     */
    void completed(List<Message> messages, Throwable error);
}
