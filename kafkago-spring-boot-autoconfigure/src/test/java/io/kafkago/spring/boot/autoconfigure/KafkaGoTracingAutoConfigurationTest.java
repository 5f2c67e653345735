package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.spring.it.BraveTestTracing;
import io.kafkago.spring.observation.BatchListenerTracingObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class KafkaGoTracingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoTracingAutoConfiguration.class));

    @Test
    void aTracerAndAPropagatorGetTheBatchListenerHandler() {
        runner.withUserConfiguration(BraveTestTracing.class)
                .run(context -> assertThat(context).hasSingleBean(BatchListenerTracingObservationHandler.class));
    }

    @Test
    void withoutATracerOrWithListenerObservationOffThereIsNone() {
        runner.run(context -> assertThat(context).doesNotHaveBean(BatchListenerTracingObservationHandler.class));
        runner.withUserConfiguration(BraveTestTracing.class).withPropertyValues("kafkago.listener.observation-enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BatchListenerTracingObservationHandler.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHandler {
        @Bean
        BatchListenerTracingObservationHandler ownHandler(Tracer tracer, Propagator propagator) {
            return new BatchListenerTracingObservationHandler(tracer, propagator);
        }
    }

    @Test
    void theApplicationsHandlerReplacesIt() {
        runner.withUserConfiguration(BraveTestTracing.class, OwnHandler.class)
                .run(context -> assertThat(context).hasSingleBean(BatchListenerTracingObservationHandler.class)
                        .hasBean("ownHandler"));
    }
}
