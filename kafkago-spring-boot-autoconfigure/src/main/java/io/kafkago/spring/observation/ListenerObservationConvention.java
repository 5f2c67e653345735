package io.kafkago.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code kafkago.listener.process} observations: one per handled message, so a batch call of
 * {@code n} messages is {@code n} observations, each in the trace of the message it reads the headers of (the
 * first is the parent of the others and the one current while the handler runs). A bean of this type replaces
 * {@link DefaultListenerObservationConvention} (extend that one to add to its key values).
 */
public interface ListenerObservationConvention extends ObservationConvention<ListenerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ListenerObservationContext;
    }
}
