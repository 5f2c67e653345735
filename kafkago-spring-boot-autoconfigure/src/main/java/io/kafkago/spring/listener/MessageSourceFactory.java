package io.kafkago.spring.listener;

/** Opens the {@link MessageSource} for each member of a listener container. */
@FunctionalInterface
public interface MessageSourceFactory {

    /**
     * Opens a source that consumes the endpoint's topics as a member of its group.
     *
     * @param member index of the member within the container, from 0
     */
    MessageSource open(ListenerEndpoint endpoint, int member);
}
