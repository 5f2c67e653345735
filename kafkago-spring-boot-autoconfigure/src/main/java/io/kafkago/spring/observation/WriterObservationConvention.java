package io.kafkago.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags {@code kafkago.writer.send} observations. A bean of this type replaces
 * {@link DefaultWriterObservationConvention} (extend that one to add to its key values).
 */
public interface WriterObservationConvention extends ObservationConvention<WriterObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WriterObservationContext;
    }
}
