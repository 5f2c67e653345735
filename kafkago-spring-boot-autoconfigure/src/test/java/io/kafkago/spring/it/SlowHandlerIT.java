package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Client;
import io.kafkago.Message;
import io.kafkago.TopicPartition;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A handler call running past {@code kafkago.listener.slow-handler-threshold} against a real broker: shown by the
 * health indicator and the meters while it runs, not interrupted, and cleared once it returns.
 */
class SlowHandlerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();

    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final BlockingQueue<String> HANDLED = new LinkedBlockingQueue<>();

    static class LongJobs {
        @KafkaGoListener(id = "long-jobs", topics = "${it.topic}", groupId = "${it.topic}-group")
        void on(String value) throws InterruptedException {
            RELEASE.await();
            HANDLED.add(value);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(LongJobs.class)
    static class App {
    }

    @Test
    void aHandlerPastTheThresholdShowsInHealthAndMetersUntilItReturns() throws InterruptedException {
        String topic = KAFKA.createUniqueTopic("slow-handler", 1);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("it.topic=" + topic, "kafkago.brokers=" + KAFKA.bootstrapServers(),
                        "kafkago.reader.max-wait=100ms", "kafkago.listener.slow-handler-threshold=100ms")
                .run()) {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            context.getBean(Writer.class).writeMessages(Message.of("long job").withTopic(topic));
            try {
                Await.until(WAIT, "the health listing the slow handler", () -> slowHandlers(context) != null);
                Await.until(WAIT, "the slow-handler gauge", () -> slowHandlersGauge(meters) == 1);

                Health health = health(context);
                assertThat(health.getStatus()).as("a slow handler leaves the status up").isEqualTo(Status.UP);
                assertThat(slowHandlers(context)).singleElement().satisfies(slow -> {
                    assertThat(slow).containsEntry("topic", topic).containsEntry("partition", 0)
                            .containsEntry("offset", 0L).containsEntry("messages", 1);
                    assertThat(Duration.parse((String) slow.get("runningFor"))).isGreaterThanOrEqualTo(
                            Duration.ofMillis(100));
                });
                assertThat(slowHandlerCalls(meters)).isEqualTo(1);
                assertThat(HANDLED).as("still running: not interrupted").isEmpty();
            } finally {
                RELEASE.countDown();
            }

            assertThat(HANDLED.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("long job");
            Await.until(WAIT, "the slow-handler gauge back at 0", () -> slowHandlersGauge(meters) == 0);
            assertThat(slowHandlers(context)).isNull();
            assertThat(slowHandlerCalls(meters)).isEqualTo(1);
            Client client = context.getBean(Client.class);
            Await.until(WAIT, "the message committed", () -> client.fetchOffsets(topic + "-group")
                    .getOrDefault(new TopicPartition(topic, 0), -1L) == 1);
        }
    }

    private static Health health(ConfigurableApplicationContext context) {
        return context.getBean("kafkagoListenersHealthIndicator", HealthIndicator.class).health();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> slowHandlers(ConfigurableApplicationContext context) {
        Map<String, Object> listener = (Map<String, Object>) health(context).getDetails().get("long-jobs");
        return (List<Map<String, Object>>) listener.get("slowHandlers");
    }

    private static double slowHandlersGauge(MeterRegistry meters) {
        Gauge gauge = meters.find("kafkago.listener.slow.handlers").tag("listener", "long-jobs").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static double slowHandlerCalls(MeterRegistry meters) {
        Counter counter = meters.find("kafkago.listener.slow.handler.calls").tag("listener", "long-jobs").counter();
        return counter == null ? 0 : counter.count();
    }
}
