package io.kafkago.spring.listener;

import io.kafkago.Message;
import java.util.List;

/**
 * Watches listener activity for metrics and tracing. Containers call it on their consumer threads, so
 * implementations must be thread-safe and cheap.
 */
public interface ListenerObserver {

    /** Observes nothing. */
    ListenerObserver NONE = new ListenerObserver() {
    };

    /**
     * Runs one handler call (one attempt) for {@code messages} (one message, or the batch a batch listener gets;
     * never empty), and may time it or open a tracing scope around it. Must run {@code call} exactly once and let
     * what it throws pass.
     */
    default void observeHandling(ListenerEndpoint endpoint, List<Message> messages, HandlerCall call)
            throws Throwable {
        call.run();
    }

    /** A message was sent to the dead-letter topic. */
    default void deadLettered(ListenerEndpoint endpoint, Message message) {
    }

    /**
     * Writing the dead letter of {@code message} failed (once per failed write); {@code policy} is what the
     * container does about it.
     */
    default void deadLetterFailed(ListenerEndpoint endpoint, Message message, DeadLetterFailurePolicy policy) {
    }

    /** Offsets were committed after {@code messages} handled messages. */
    default void committed(ListenerEndpoint endpoint, int messages) {
    }

    /** A handler call has been running longer than the slow-handler threshold; told once per call. */
    default void slowHandlerStarted(ListenerEndpoint endpoint, RunningHandler handler) {
    }

    /** A call reported by {@link #slowHandlerStarted} returned (or threw) after {@code handler.runningFor()}. */
    default void slowHandlerEnded(ListenerEndpoint endpoint, RunningHandler handler) {
    }

    /** One handler call. */
    @FunctionalInterface
    interface HandlerCall {

        void run() throws Throwable;
    }
}
