package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.spring.listener.DeadLetterFailurePolicy;
import io.kafkago.spring.listener.ListenerEndpoint;
import io.kafkago.spring.listener.ListenerMethod;
import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.listener.RetryBackOff;
import io.kafkago.spring.metrics.MicrometerListenerObserver;
import io.kafkago.Writer;
import io.kafkago.spring.metrics.ObservingWriteInterceptor;
import io.kafkago.spring.observation.DefaultListenerObservationConvention;
import io.kafkago.spring.observation.ListenerObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                    assertThat(context.getBean(Writer.class).config().interceptor())
                            .isInstanceOf(ObservingWriteInterceptor.class);
                });
    }

    @Test
    void withoutAMeterRegistryOnlyObservationSupportIsConfigured() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MeterBinder.class)
                    .doesNotHaveBean(ReaderListenerSources.ReaderBinder.class)
                    .hasSingleBean(ListenerObserver.class);
            assertThat(context.getBean(Writer.class).config().interceptor()).isInstanceOf(ObservingWriteInterceptor.class);
        });
    }

    @Test
    void withoutMicrometerNothingIsObserved() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).doesNotHaveBean(ListenerObserver.class);
            assertThat(context.getBean(Writer.class).config().interceptor()).isNull();
        });
    }

    @Test
    void anApplicationListenerConventionBeanNamesTheObservationsAndTheToggleTurnsThemOff() throws Throwable {
        List<Observation.Context> started = new ArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStart(Observation.Context context) {
                started.add(context);
            }
        });
        ListenerObservationConvention renamed = new DefaultListenerObservationConvention() {
            @Override
            public String getName() {
                return "orders.consume";
            }
        };
        ApplicationContextRunner observed = runner.withBean(ObservationRegistry.class, () -> observations)
                .withBean(ListenerObservationConvention.class, () -> renamed);

        observed.run(context -> handleOne(context.getBean(ListenerObserver.class)));
        assertThat(started).singleElement().satisfies(context -> {
            assertThat(context.getName()).isEqualTo("orders.consume");
            assertThat(context.getLowCardinalityKeyValue("kafkago.listener").getValue()).isEqualTo("billing");
        });

        started.clear();
        observed.withPropertyValues("kafkago.listener.observation-enabled=false")
                .run(context -> handleOne(context.getBean(ListenerObserver.class)));
        assertThat(started).isEmpty();
    }

    @Test
    void writerObservationCanBeTurnedOff() {
        runner.withPropertyValues("kafkago.writer.observation-enabled=false")
                .run(context -> {
                    assertThat(context.getBean(Writer.class).config().interceptor()).isNull();
                    assertThat(context).hasSingleBean(ListenerObserver.class);
                });
    }

    private static void handleOne(ListenerObserver observer) throws Throwable {
        ListenerMethod method = ListenerMethod.of(new Handler(), Handler.class.getMethod("handle", String.class), false,
                null);
        ListenerEndpoint endpoint = new ListenerEndpoint("billing", List.of("orders"), "billing-group", 1, true, null,
                null, null, DeadLetterFailurePolicy.SKIP, new RetryBackOff(1, Duration.ZERO, 1, Duration.ZERO), false, method);
        observer.observeHandling(endpoint, List.of(Message.of("v").withTopic("orders")), () -> { });
    }

    static class Handler {
        public void handle(String value) {
        }
    }
}
