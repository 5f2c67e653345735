package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.KafkaGoListenerContainer;
import io.kafkago.spring.KafkaGoListenerRegistry;
import io.kafkago.spring.MessageHeader;
import io.kafkago.spring.PayloadConverter;
import io.kafkago.spring.json.Jackson2PayloadConverter;
import io.kafkago.spring.json.Jackson3PayloadConverter;
import io.kafkago.spring.listener.DeadLetterFailurePolicy;
import io.kafkago.spring.listener.DeadLetterTopics;
import io.kafkago.spring.listener.DefaultKafkaGoListenerRegistry;
import io.kafkago.spring.transaction.ThreadTransactions;
import io.kafkago.spring.listener.ListenerEndpoint;
import io.kafkago.spring.listener.ListenerSettings;
import io.kafkago.spring.listener.StartOffset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class KafkaGoListenerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaGoAutoConfiguration.class,
                    KafkaGoListenerAutoConfiguration.class));

    record Order(String orderId, int cents) {
    }

    static class Orders {
        @KafkaGoListener(id = "orders", topics = "${orders.topic}", autoStartup = "false")
        void on(Order order, @MessageHeader("source") String source) {
        }

        @KafkaGoListener(topics = {"audit", "${orders.topic}"}, groupId = "audit", concurrency = "${audit.members}",
                startOffset = "last", autoStartup = "false", deadLetterTopic = "audit-failures", maxAttempts = "1")
        void audit(Message message) {
        }
    }

    static class TwoPayloads {
        @KafkaGoListener(topics = "t", groupId = "g", autoStartup = "false")
        void on(String first, byte[] second) {
        }
    }

    static class BadConcurrency {
        @KafkaGoListener(topics = "t", groupId = "g", concurrency = "many", autoStartup = "false")
        void on(String value) {
        }
    }

    static class Policies {
        @KafkaGoListener(id = "lenient", topics = "t", groupId = "g", autoStartup = "false",
                deadLetterFailurePolicy = "${lenient.policy}")
        void lenient(String value) {
        }

        @KafkaGoListener(id = "by-property", topics = "t", groupId = "g", autoStartup = "false")
        void byProperty(String value) {
        }
    }

    static class BadPolicy {
        @KafkaGoListener(topics = "t", groupId = "g", autoStartup = "false", deadLetterFailurePolicy = "ignore")
        void on(String value) {
        }
    }

    static class NoGroup {
        @KafkaGoListener(topics = "t", autoStartup = "false")
        void on(String value) {
        }
    }

    @Test
    void listenersAreRegisteredWithPlaceholdersAndDefaultsResolved() {
        runner.withBean("orderHandlers", Orders.class).withPropertyValues("orders.topic=orders-a, orders-b",
                "audit.members=2", "kafkago.reader.group-id=billing", "kafkago.listener.concurrency=3",
                "kafkago.listener.retry.max-attempts=4").run(context -> {
            KafkaGoListenerRegistry registry = context.getBean(KafkaGoListenerRegistry.class);
            assertThat(registry.listenerIds()).containsExactlyInAnyOrder("orders", "orderHandlers.audit");

            KafkaGoListenerContainer orders = registry.container("orders");
            assertThat(orders.topics()).containsExactly("orders-a", "orders-b");
            assertThat(orders.groupId()).isEqualTo("billing");
            assertThat(orders.concurrency()).isEqualTo(3);
            assertThat(orders.isRunning()).isFalse();

            ListenerEndpoint audit = ((io.kafkago.spring.listener.ListenerContainer) registry
                    .container("orderHandlers.audit")).endpoint();
            assertThat(audit.topics()).containsExactly("audit", "orders-a", "orders-b");
            assertThat(audit.groupId()).isEqualTo("audit");
            assertThat(audit.concurrency()).isEqualTo(2);
            assertThat(audit.startOffset()).isEqualTo(StartOffset.LAST);
            assertThat(audit.deadLetterTopic()).isEqualTo("audit-failures");
            assertThat(audit.retry().maxAttempts()).isEqualTo(1);
            assertThat(((io.kafkago.spring.listener.ListenerContainer) orders).endpoint().retry().maxAttempts())
                    .isEqualTo(4);
            assertThat(context.getBean(DefaultKafkaGoListenerRegistry.class).isRunning()).isTrue();
        });
    }

    @Test
    void unknownListenerIdIsAClearError() {
        runner.run(context -> {
            KafkaGoListenerRegistry registry = context.getBean(KafkaGoListenerRegistry.class);
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .isThrownBy(() -> registry.container("nope"))
                    .withMessage("No @KafkaGoListener with id 'nope'; known ids: []");
        });
    }

    @Test
    void listenerReadersGetTheListenersTopicsGroupAndStartOffsetOnTopOfTheProperties() {
        runner.withBean("orderHandlers", Orders.class).withPropertyValues("orders.topic=orders-a",
                "audit.members=2", "kafkago.reader.group-id=billing", "kafkago.reader.group-instance-id=host-1",
                "kafkago.reader.max-wait=300ms").run(context -> {
            KafkaGoConfigFactory configs = context.getBean(KafkaGoConfigFactory.class);
            ReaderListenerSources sources = new ReaderListenerSources(configs, ReaderListenerSources.ReaderBinder.NONE,
                    new ThreadTransactions());
            KafkaGoListenerRegistry registry = context.getBean(KafkaGoListenerRegistry.class);

            ReaderConfig orders = sources.readerConfig(endpoint(registry, "orders"), 0);
            assertThat(orders.topic()).isEqualTo("orders-a");
            assertThat(orders.groupId()).isEqualTo("billing");
            assertThat(orders.groupInstanceId()).isEqualTo("host-1-orders-0");
            assertThat(orders.maxWait()).isEqualTo(Duration.ofMillis(300));

            ReaderConfig audit = sources.readerConfig(endpoint(registry, "orderHandlers.audit"), 1);
            assertThat(audit.topic()).isNull();
            assertThat(audit.groupTopics()).containsExactly("audit", "orders-a");
            assertThat(audit.groupId()).isEqualTo("audit");
            assertThat(audit.startOffset()).isEqualTo(ReaderConfig.LAST_OFFSET);
            assertThat(audit.groupInstanceId()).isEqualTo("host-1-orderHandlers.audit-1");
        });
    }

    private static String failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage();
    }

    private static ListenerEndpoint endpoint(KafkaGoListenerRegistry registry, String id) {
        return ((io.kafkago.spring.listener.ListenerContainer) registry.container(id)).endpoint();
    }

    @Test
    void invalidListenersFailStartUpNamingTheMethod() {
        runner.withBean(TwoPayloads.class).run(context -> assertThat(failure(context))
                .contains("TwoPayloads.on").contains("more than one parameter"));
        runner.withBean(BadConcurrency.class).run(context -> assertThat(failure(context))
                .contains("BadConcurrency.on: concurrency must be a whole number, was 'many'"));
        runner.withBean(NoGroup.class).run(context -> assertThat(failure(context))
                .contains("NoGroup.on: no consumer group"));
        runner.withPropertyValues("kafkago.listener.concurrency=0").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessage("kafkago.listener.*: concurrency must be at least 1, was 0"));
        runner.withPropertyValues("kafkago.listener.dead-letter.topic-suffix=").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("suffix must not be empty"));
        runner.withBean(BadPolicy.class).run(context -> assertThat(failure(context))
                .contains("BadPolicy.on: deadLetterFailurePolicy must be 'stop', 'skip' or 'retry', was 'ignore'"));
        runner.withPropertyValues("kafkago.listener.slow-handler-threshold=0s").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessage("kafkago.listener.*: slowHandlerThreshold must be positive, was PT0S"));
        runner.withPropertyValues("kafkago.listener.dead-letter.replication-factor=0").run(context ->
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessage("kafkago.listener.dead-letter.replication-factor: must be at least 1 "
                                + "(or unset for the broker's default), was 0"));
    }

    @Test
    void byDefaultDeadLetterFailuresStopTheContainerMissingTopicsAreCreatedAndHandlersAreSlowAfter30s() {
        runner.run(context -> {
            ListenerSettings settings = context.getBean(ListenerSettings.class);
            assertThat(settings.deadLetterFailurePolicy()).isEqualTo(DeadLetterFailurePolicy.STOP);
            assertThat(settings.slowHandlerThreshold()).isEqualTo(Duration.ofSeconds(30));
            KafkaGoListenerProperties.DeadLetter deadLetter = context.getBean(KafkaGoProperties.class).getListener()
                    .getDeadLetter();
            assertThat(deadLetter.isAutoCreate()).isTrue();
            assertThat(deadLetter.getReplicationFactor()).isNull();
            assertThat(context).getBean(DeadLetterTopics.class).isInstanceOf(AdminDeadLetterTopics.class);
        });
    }

    @Test
    void deadLetterAndSlowHandlerPropertiesBindAndTheAnnotationOverridesThePolicy() {
        runner.withBean("policies", Policies.class).withPropertyValues("lenient.policy=Skip",
                "kafkago.listener.dead-letter.failure-policy=retry", "kafkago.listener.slow-handler-threshold=2m",
                "kafkago.listener.dead-letter.auto-create=false", "kafkago.listener.dead-letter.replication-factor=3")
                .run(context -> {
                    ListenerSettings settings = context.getBean(ListenerSettings.class);
                    assertThat(settings.deadLetterFailurePolicy()).isEqualTo(DeadLetterFailurePolicy.RETRY);
                    assertThat(settings.slowHandlerThreshold()).isEqualTo(Duration.ofMinutes(2));
                    KafkaGoListenerProperties.DeadLetter deadLetter = context.getBean(KafkaGoProperties.class)
                            .getListener().getDeadLetter();
                    assertThat(deadLetter.isAutoCreate()).isFalse();
                    assertThat(deadLetter.getReplicationFactor()).isEqualTo(3);

                    KafkaGoListenerRegistry registry = context.getBean(KafkaGoListenerRegistry.class);
                    assertThat(endpoint(registry, "lenient").deadLetterFailurePolicy())
                            .isEqualTo(DeadLetterFailurePolicy.SKIP);
                    assertThat(endpoint(registry, "by-property").deadLetterFailurePolicy())
                            .isEqualTo(DeadLetterFailurePolicy.RETRY);
                    assertThat(endpoint(registry, "by-property").deadLetterTopics(settings.deadLetterTopicSuffix()))
                            .containsExactly(java.util.Map.entry("t.DLT", List.of("t")));
                });
    }

    @Test
    void aDeadLetterTopicsBeanOfTheApplicationReplacesTheAdminCheck() {
        DeadLetterTopics own = (listenerId, topics) -> { };
        runner.withBean(DeadLetterTopics.class, () -> own)
                .run(context -> assertThat(context.getBean(DeadLetterTopics.class)).isSameAs(own));
    }

    @Test
    void payloadsAreReadWithTheContextsJacksonMapper() {
        JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        runner.withBean(JsonMapper.class, () -> snakeCase).run(context -> {
            PayloadConverter converter = context.getBean(PayloadConverter.class);
            assertThat(converter).isInstanceOf(Jackson3PayloadConverter.class);
            assertThat(converter.readerFor(Order.class).read("{\"order_id\":\"o-1\",\"cents\":5}"
                    .getBytes(StandardCharsets.UTF_8))).isEqualTo(new Order("o-1", 5));
        });
        runner.run(context -> assertThat(context.getBean(PayloadConverter.class))
                .isInstanceOf(Jackson3PayloadConverter.class));
        runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
                .withBean(com.fasterxml.jackson.databind.ObjectMapper.class,
                        () -> new com.fasterxml.jackson.databind.ObjectMapper().setPropertyNamingStrategy(
                                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE))
                .run(context -> {
                    PayloadConverter converter = context.getBean(PayloadConverter.class);
                    assertThat(converter).isInstanceOf(Jackson2PayloadConverter.class);
                    assertThat(converter.readerFor(Order.class).read("{\"order_id\":\"o-2\",\"cents\":7}"
                            .getBytes(StandardCharsets.UTF_8))).isEqualTo(new Order("o-2", 7));
                });
    }

    @Test
    void aListenerDeclaringJsonPayloadWithoutJacksonFailsClearly() {
        runner.withClassLoader(new FilteredClassLoader("tools.jackson", "com.fasterxml.jackson.databind"))
                .withBean("orderHandlers", Orders.class)
                .withPropertyValues("orders.topic=o", "audit.members=1", "kafkago.reader.group-id=g")
                .run(context -> assertThat(failure(context))
                        .contains("needs JSON conversion, but no PayloadConverter is available"));
    }

}
