package io.kafkago.spring;

import java.util.Collection;
import java.util.Set;

/** Lists the application's {@link KafkaGoListener} containers and starts, stops, pauses or resumes them by id. */
public interface KafkaGoListenerRegistry {

    /** Ids of all registered listener containers. */
    Set<String> listenerIds();

    /** All registered listener containers. */
    Collection<KafkaGoListenerContainer> containers();

    /**
     * The container with the given id.
     *
     * @throws IllegalArgumentException when no listener has that id
     */
    KafkaGoListenerContainer container(String id);

    /** Starts the container with the given id (see {@link KafkaGoListenerContainer#start()}). */
    default void start(String id) {
        container(id).start();
    }

    /** Stops the container with the given id (see {@link KafkaGoListenerContainer#stop()}). */
    default void stop(String id) {
        container(id).stop();
    }

    /** Pauses the container with the given id, staying in its group (see {@link KafkaGoListenerContainer#pause()}). */
    default void pause(String id) {
        container(id).pause();
    }

    /** Resumes the container with the given id (see {@link KafkaGoListenerContainer#resume()}). */
    default void resume(String id) {
        container(id).resume();
    }
}
