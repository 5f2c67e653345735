package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Reader;
import io.kafkago.Writer;
import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.metrics.KafkaGoMeters;
import io.kafkago.spring.metrics.MicrometerListenerObserver;
import io.kafkago.spring.metrics.ObservedWriter;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer support when it is on the classpath. With a {@link MeterRegistry}: writer meters for every
 * {@link Writer} bean (tags {@code writer} = bean name, {@code client.id}) and reader meters for every
 * listener reader (tags {@code listener}, {@code group}, {@code member}, {@code client.id}). Listener meters and observations, and an
 * {@link ObservedWriter} that carries the trace context to listeners in message headers, use whichever of
 * the {@link MeterRegistry} and {@link ObservationRegistry} the application has.
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
    MeterBinder kafkaGoWriterMeters(ListableBeanFactory beanFactory) {
        return registry -> beanFactory.getBeansOfType(Writer.class).forEach((name, writer) ->
                KafkaGoMeters.bindWriter(registry, writer, Writer::stats,
                        Tags.of("writer", name, "client.id", writer.config().dialer().clientId())));
    }

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
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
    ListenerObserver kafkaGoListenerObserver(ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations) {
        return new MicrometerListenerObserver(meters.getIfAvailable(CompositeMeterRegistry::new),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    @ConditionalOnBean(Writer.class)
    @ConditionalOnMissingBean
    ObservedWriter kafkaGoObservedWriter(Writer writer, ObjectProvider<ObservationRegistry> observations) {
        return new ObservedWriter(writer, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
