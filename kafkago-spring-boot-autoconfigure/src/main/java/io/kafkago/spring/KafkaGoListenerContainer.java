package io.kafkago.spring;

import java.util.List;

/**
 * The running side of one {@link KafkaGoListener} method: {@link #concurrency()} consumer-group members
 * that fetch, hand messages to the method and commit. Obtained from {@link KafkaGoListenerRegistry}.
 */
public interface KafkaGoListenerContainer {

    /** The listener id ({@link KafkaGoListener#id()} or its default). */
    String id();

    /** Topics the container consumes, placeholders resolved. */
    List<String> topics();

    /** Consumer group the members join. */
    String groupId();

    /** Number of group members the container runs. */
    int concurrency();

    /** Starts the members; does nothing when already running. */
    void start();

    /**
     * Stops fetching, lets each member finish the message in hand, commits and leaves the group, waiting
     * at most {@code kafkago.listener.shutdown-timeout}. Does nothing when not running.
     */
    void stop();

    /** Whether the members are running. */
    boolean isRunning();

    /**
     * Stops handing messages to the handler and fetching, without leaving the group: the members keep their
     * partitions (and heartbeats) until {@link #resume()}. The message in hand finishes; what was fetched ahead waits.
     * Lasts across {@link #stop()} and {@link #start()}.
     */
    void pause();

    /** Goes on after {@link #pause()}: fetching and handling resume where they stopped. */
    void resume();

    /** Whether the container is paused. */
    boolean isPaused();
}
