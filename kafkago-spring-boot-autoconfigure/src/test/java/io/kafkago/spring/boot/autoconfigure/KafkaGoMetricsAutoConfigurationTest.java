package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.metrics.MicrometerListenerObserver;
import io.kafkago.spring.metrics.ObservedWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KafkaGoMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class,
                    KafkaGoListenerAutoConfiguration.class, KafkaGoMetricsAutoConfiguration.class));

    @Test
    void writerMetersAreBoundToTheApplicationsMeterRegistry() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("kafkago.writer.messages").tag("writer", "kafkaGoWriter")
                            .functionCounter().count()).isZero();
                    assertThat(registry.get("kafkago.writer.buffered").tag("writer", "kafkaGoWriter").gauge().value())
                            .isZero();
                    assertThat(context).hasSingleBean(ReaderListenerSources.ReaderBinder.class);
                    assertThat(context.getBean(ListenerObserver.class)).isInstanceOf(MicrometerListenerObserver.class);
                    assertThat(context).hasSingleBean(ObservedWriter.class);
                });
    }

    @Test
    void withoutAMeterRegistryOnlyObservationSupportIsConfigured() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MeterBinder.class)
                    .doesNotHaveBean(ReaderListenerSources.ReaderBinder.class)
                    .hasSingleBean(ListenerObserver.class)
                    .hasSingleBean(ObservedWriter.class);
        });
    }

    @Test
    void withoutMicrometerNothingIsObserved() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context ->
                assertThat(context).doesNotHaveBean(ListenerObserver.class).doesNotHaveBean(ObservedWriter.class));
    }
}
