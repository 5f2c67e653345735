package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Reader;
import io.kafkago.Writer;
import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.metrics.KafkaGoMeters;
import io.kafkago.spring.metrics.MicrometerListenerObserver;
import io.kafkago.spring.metrics.ObservingWriteInterceptor;
import io.kafkago.spring.observation.ListenerObservationConvention;
import io.kafkago.spring.observation.WriterObservationConvention;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer support when it is on the classpath. With a {@link MeterRegistry}: writer meters for every
 * {@link Writer} bean (tags {@code writer} = bean name, {@code client.id}) and reader meters for every
 * listener reader (tags {@code listener}, {@code group}, {@code member}, {@code client.id}). Listener meters and
 * observations, and the {@link ObservingWriteInterceptor} that makes every Writer bean carry the trace context to
 * listeners in message headers, use
 * whichever of the {@link MeterRegistry} and {@link ObservationRegistry} the application has. Observations are named
 * and tagged by the application's {@link WriterObservationConvention} / {@link ListenerObservationConvention} beans,
 * else by the defaults, and are turned off with {@code kafkago.writer.observation-enabled=false} /
 * {@code kafkago.listener.observation-enabled=false}.
 */
@AutoConfiguration(after = KafkaGoAutoConfiguration.class, before = KafkaGoListenerAutoConfiguration.class,
        afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, Writer.class})
@ConditionalOnBean(KafkaGoConfigFactory.class)
public final class KafkaGoMetricsAutoConfiguration {

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(name = "kafkaGoWriterMeters")
    MeterBinder kafkaGoWriterMeters(ListableBeanFactory beanFactory) {
        return registry -> beanFactory.getBeansOfType(Writer.class).forEach((name, writer) ->
                KafkaGoMeters.bindWriter(registry, writer, Writer::stats,
                        Tags.of("writer", name, "client.id", writer.config().dialer().clientId())));
    }

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    ReaderListenerSources.ReaderBinder kafkaGoListenerReaderMeters(MeterRegistry registry) {
        return (endpoint, member, reader) -> {
            List<Meter> meters = KafkaGoMeters.bindReader(registry, reader, Reader::stats,
                    Tags.of("listener", endpoint.id(), "group", endpoint.groupId(), "member", Integer.toString(member),
                            "client.id", reader.config().dialer().clientId()));
            return () -> KafkaGoMeters.remove(registry, meters);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ListenerObserver kafkaGoListenerObserver(KafkaGoProperties properties, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations, ObjectProvider<ListenerObservationConvention> convention) {
        return new MicrometerListenerObserver(meters.getIfAvailable(CompositeMeterRegistry::new),
                properties.getListener().isObservationEnabled() ? observations.getIfAvailable(() -> ObservationRegistry.NOOP)
                        : ObservationRegistry.NOOP, convention.getIfAvailable());
    }

    /** Installs the observing interceptor in every auto-configured Writer's config (the dead-letter writer's too). */
    @Bean
    @ConditionalOnBooleanProperty(name = "kafkago.writer.observation-enabled", matchIfMissing = true)
    WriterConfigCustomizer kafkaGoWriterObservation(ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<WriterObservationConvention> convention) {
        ObservingWriteInterceptor interceptor = new ObservingWriteInterceptor(
                observations.getIfAvailable(() -> ObservationRegistry.NOOP), convention.getIfAvailable());
        return builder -> builder.interceptor(interceptor);
    }
}
