package io.kafkago.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code kafkago.listener.process} observations: one per handler call, current while the handler runs.
 * A single message's call continues the message's trace; a batch call's span links to the trace of each of its
 * messages ({@link BatchListenerTracingObservationHandler}). A bean of this type replaces
 * {@link DefaultListenerObservationConvention} (extend that one to add to its key values).
 */
public interface ListenerObservationConvention extends ObservationConvention<ListenerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ListenerObservationContext;
    }
}
