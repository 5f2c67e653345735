package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Reader;
import io.kafkago.Writer;
import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.metrics.KafkaGoMeters;
import io.kafkago.spring.metrics.MicrometerListenerObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
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
 * Micrometer meters for kafkago when the application has a {@link MeterRegistry}: writer meters for
 * every {@link Writer} bean (tag {@code writer} = bean name), reader meters for every listener reader
 * (tags {@code listener}, {@code group}, {@code member}) and listener meters and observations.
 */
@AutoConfiguration(after = KafkaGoAutoConfiguration.class, before = KafkaGoListenerAutoConfiguration.class,
        afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, Writer.class})
@ConditionalOnBean(MeterRegistry.class)
public final class KafkaGoMetricsAutoConfiguration {

    @Bean
    MeterBinder kafkaGoWriterMeters(ListableBeanFactory beanFactory) {
        return registry -> beanFactory.getBeansOfType(Writer.class).forEach((name, writer) ->
                KafkaGoMeters.bindWriter(registry, writer, Writer::stats, Tags.of("writer", name)));
    }

    @Bean
    ReaderListenerSources.ReaderBinder kafkaGoListenerReaderMeters(MeterRegistry registry) {
        return (endpoint, member, reader) -> {
            List<Meter> meters = KafkaGoMeters.bindReader(registry, reader, Reader::stats,
                    Tags.of("listener", endpoint.id(), "group", endpoint.groupId(), "member", Integer.toString(member)));
            return () -> KafkaGoMeters.remove(registry, meters);
        };
    }

    @Bean
    @ConditionalOnMissingBean
    ListenerObserver kafkaGoListenerObserver(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations) {
        return new MicrometerListenerObserver(registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
