package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.spring.observation.BatchListenerTracingObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Micrometer Tracing support when the application has a {@link Tracer} and a {@link Propagator}: a batch listener's
 * call becomes one span linked to every handled message's trace ({@link BatchListenerTracingObservationHandler}).
 * Off with {@code kafkago.listener.observation-enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({Tracer.class, BatchListenerTracingObservationHandler.class})
@ConditionalOnBean({Tracer.class, Propagator.class})
@ConditionalOnBooleanProperty(name = "kafkago.listener.observation-enabled", matchIfMissing = true)
public final class KafkaGoTracingAutoConfiguration {

    /**
     * {@code @Order} of the batch listener handler: before Boot's propagating receiver handler (1000), which would
     * otherwise take batch calls too, as their context is a receiver context.
     */
    public static final int BATCH_LISTENER_TRACING_HANDLER_ORDER = 900;

    @Bean
    @ConditionalOnMissingBean
    @Order(BATCH_LISTENER_TRACING_HANDLER_ORDER)
    BatchListenerTracingObservationHandler kafkaGoBatchListenerTracingHandler(Tracer tracer, Propagator propagator) {
        return new BatchListenerTracingObservationHandler(tracer, propagator);
    }
}
