package io.kafkago.spring.listener;

import io.kafkago.Message;
import java.util.List;

/**
 * What one container member consumes from: a consumer-group member that fetches and commits. The
 * production implementation wraps an {@code io.kafkago.Reader}; keeping the container loop behind this
 * seam lets its retry, dead-letter and commit rules be tested message by message.
 *
 * <p>Used by one thread at a time, except {@link #wakeUp(Thread)}, which another thread calls.
 */
public interface MessageSource extends AutoCloseable {

    /**
     * The next message, waiting as long as it takes.
     *
     * @return the message, or {@code null} when the wait was cut short by {@link #wakeUp(Thread)}
     */
    Message fetch();

    /**
     * Adds to {@code batch} up to {@code max} messages that can be had without waiting for the network.
     */
    void fetchAvailable(List<Message> batch, int max);

    /** Commits the offsets after these messages; returns once the commit is done or recorded. */
    void commit(List<Message> messages);

    /**
     * Whether {@link #commit} only records offsets that a later flush sends (periodic commits): then
     * committing after every message costs nothing, and offsets recorded before a rebalance are flushed
     * with the generation that delivered them.
     */
    default boolean defersCommits() {
        return false;
    }

    /**
     * Stops fetching ahead while the member is paused, staying in the group; messages fetched ahead are held for
     * {@link #resume()}. Called on the member's thread; by default the source only stops being read.
     */
    default void pause() {
    }

    /** Fetches again after {@link #pause()}. */
    default void resume() {
    }

    /** Makes a {@link #fetch()} running on {@code fetcher} return {@code null} promptly. */
    void wakeUp(Thread fetcher);

    /** Commits what is pending, leaves the group and releases connections. */
    @Override
    void close();
}
