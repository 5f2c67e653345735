package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Client;
import io.kafkago.ClientConfig;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.spring.PayloadConverter;
import io.kafkago.spring.listener.DeadLetterFailurePolicy;
import io.kafkago.spring.listener.DeadLetterPublisher;
import io.kafkago.spring.listener.DeadLetterTopics;
import io.kafkago.spring.listener.DeadLetterWriter;
import io.kafkago.spring.listener.DefaultKafkaGoListenerRegistry;
import io.kafkago.spring.listener.KafkaGoListenerAnnotationBeanPostProcessor;
import io.kafkago.spring.listener.ListenerEndpointFactory;
import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.listener.ListenerSettings;
import io.kafkago.spring.listener.RetryBackOff;
import io.kafkago.spring.listener.StartOffset;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every bean of the auto-configuration backs off when the application defines its own. */
class ApplicationBeansReplaceDefaultsTest {

    private static final WriterConfig OWN_WRITER_CONFIG = WriterConfig.builder().brokers("own:9092").build();
    private static final ListenerSettings OWN_SETTINGS = new ListenerSettings(1, false,
            new RetryBackOff(1, Duration.ZERO, 1, Duration.ZERO), false, ".own", DeadLetterFailurePolicy.SKIP,
            Duration.ZERO, 7, Duration.ofSeconds(1), false);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class,
                    KafkaGoListenerAutoConfiguration.class, KafkaGoMetricsAutoConfiguration.class,
                    KafkaGoHealthAutoConfiguration.class, KafkaGoListenersHealthAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class))
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .withPropertyValues("kafkago.reader.topic=t");

    /** One application bean; {@code name} is set for the beans that back off by name. */
    record Replacement<T>(Class<T> type, String name, Supplier<? extends T> own) {

        static <T> Replacement<T> ofType(Class<T> type, Supplier<? extends T> own) {
            return new Replacement<>(type, null, own);
        }

        static <T> Replacement<T> named(String name, Class<T> type, Supplier<? extends T> own) {
            return new Replacement<>(type, name, own);
        }

        @Override
        public String toString() {
            return name != null ? name : type.getSimpleName();
        }
    }

    static Stream<Replacement<?>> replacements() {
        return Stream.of(
                Replacement.ofType(KafkaGoConnectionDetails.class, () -> () -> List.of("details:9092")),
                Replacement.ofType(KafkaGoConfigFactory.class, () -> new KafkaGoConfigFactory(readingTopicT(),
                        () -> List.of("factory:9092"), List.of(), List.of())),
                Replacement.ofType(WriterConfig.class, () -> OWN_WRITER_CONFIG),
                Replacement.ofType(ReaderConfig.class, () -> ReaderConfig.builder().brokers("own:9092").topic("own")
                        .build()),
                Replacement.ofType(Writer.class, () -> new Writer(OWN_WRITER_CONFIG)),
                Replacement.ofType(Client.class, () -> new Client(ClientConfig.builder().brokers("own:9092").build())),
                Replacement.ofType(KafkaGoListenerAnnotationBeanPostProcessor.class,
                        KafkaGoListenerAnnotationBeanPostProcessor::new),
                Replacement.ofType(ListenerSettings.class, () -> OWN_SETTINGS),
                Replacement.ofType(ListenerEndpointFactory.class, () -> new ListenerEndpointFactory(OWN_SETTINGS,
                        "own-group", StartOffset.LAST, null)),
                Replacement.ofType(DeadLetterWriter.class, () -> deadLetter -> { }),
                Replacement.ofType(DeadLetterTopics.class, () -> (listener, topics) -> { }),
                Replacement.ofType(DefaultKafkaGoListenerRegistry.class, () -> new DefaultKafkaGoListenerRegistry(
                        OWN_SETTINGS, (endpoint, member) -> {
                            throw new UnsupportedOperationException();
                        }, () -> new DeadLetterPublisher(deadLetter -> { }), (listener, topics) -> { },
                        ListenerObserver.NONE)),
                Replacement.ofType(PayloadConverter.class, () -> type -> value -> "own"),
                Replacement.ofType(ListenerObserver.class, () -> new ListenerObserver() { }),
                Replacement.named("kafkaGoWriterMeters", MeterBinder.class, () -> registry -> { }),
                Replacement.named("kafkagoHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build()),
                Replacement.named("kafkagoListenersHealthIndicator", HealthIndicator.class,
                        () -> () -> Health.up().build()));
    }

    private static KafkaGoProperties readingTopicT() {
        KafkaGoProperties properties = new KafkaGoProperties();
        properties.getReader().setTopic("t");
        return properties;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replacements")
    <T> void anApplicationBeanReplacesTheDefault(Replacement<T> replacement) {
        T own = replacement.own().get();
        String name = replacement.name() != null ? replacement.name() : "application" + replacement.type().getSimpleName();
        runner.withBean(name, replacement.type(), () -> own).run(context -> {
            assertThat(context).hasNotFailed();
            if (replacement.name() == null) {
                assertThat(context).hasSingleBean(replacement.type());
                assertThat(context.getBean(replacement.type())).isSameAs(own);
            } else {
                assertThat(context.getBean(replacement.name())).isSameAs(own);
            }
        });
    }
}
