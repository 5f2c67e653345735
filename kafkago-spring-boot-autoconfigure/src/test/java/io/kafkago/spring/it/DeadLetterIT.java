package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Client;
import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicConfig;
import io.kafkago.TopicListing;
import io.kafkago.TopicPartition;
import io.kafkago.Writer;
import io.kafkago.spring.DeadLetterHeaders;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.KafkaGoListenerContainer;
import io.kafkago.spring.KafkaGoListenerRegistry;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.TestTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
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
 * Dead-letter topics against a real broker: checked or created when the listener starts, and a dead letter that
 * cannot be written (its topic deleted after the start) dealt with as the failure policy says, observed through
 * the group's committed offsets, the health indicator and the meters.
 */
class DeadLetterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String LISTENER = "orders";

    /** Values the listener handled; values starting with "poison" make it throw. */
    static final BlockingQueue<String> HANDLED = new LinkedBlockingQueue<>();

    static class Orders {
        @KafkaGoListener(id = LISTENER, topics = "${it.topic}", groupId = "${it.topic}-group")
        void on(String value) {
            if (value.startsWith("poison")) {
                throw new IllegalArgumentException("cannot handle " + value);
            }
            HANDLED.add(value);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Orders.class)
    static class App {
    }

    @BeforeEach
    void forgetHandled() {
        HANDLED.clear();
    }

    @Test
    void withoutAutoCreationAMissingDeadLetterTopicFailsStartUpNamingTheTopicAndTheProperty() {
        String topic = KAFKA.createUniqueTopic("dlt-missing", 1);

        assertThatThrownBy(() -> app(topic, "kafkago.listener.dead-letter.auto-create=false").close())
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessage("Listener 'orders' sends dead letters to topic '" + topic + ".DLT', which does not exist: "
                        + "create it, or set kafkago.listener.dead-letter.auto-create=true to have it created when the "
                        + "listener starts");
        try (Client client = Client.connect(KAFKA.bootstrapServers().split(","))) {
            assertThat(client.listTopics()).extracting(TopicListing::name).doesNotContain(topic + ".DLT");
            assertThat(client.fetchOffsets(topic + "-group")).isEmpty();
        }
    }

    @Test
    void withAutoCreationTheDeadLetterTopicIsCreatedLikeItsSourceAndAPoisonMessageLandsInIt() {
        String topic = KAFKA.createUniqueTopic("dlt-created", 3);
        try (ConfigurableApplicationContext context = app(topic)) {
            assertThat(context.getBean(Client.class).listTopics())
                    .filteredOn(listing -> listing.name().equals(topic + ".DLT")).singleElement()
                    .extracting(TopicListing::partitionCount).isEqualTo(3);

            context.getBean(Writer.class).writeMessages(Message.of("poison-a").withTopic(topic));

            Message deadLetter = readOne(topic + ".DLT");
            assertThat(deadLetter.valueAsString()).isEqualTo("poison-a");
            assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(topic);
            assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("cannot handle poison-a");
            Await.until(WAIT, "the dead letter counted", () -> counter(context, "kafkago.listener.dead.lettered") == 1);
        }
    }

    @Test
    void underPolicyStopAnUnwritableDeadLetterStopsTheListenerAndTheFailedMessageStaysUncommitted() {
        String topic = KAFKA.createUniqueTopic("dlt-stop", 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (ConfigurableApplicationContext context = app(topic)) {
            Client client = context.getBean(Client.class);
            handleFirstMessageThenDeleteTheDeadLetterTopic(context, topic);

            context.getBean(Writer.class).writeMessages(Message.of("poison-1").withTopic(topic),
                    Message.of("ok-2").withTopic(topic));
            KafkaGoListenerContainer container = context.getBean(KafkaGoListenerRegistry.class).container(LISTENER);
            Await.until(WAIT, "the listener stopping itself", () -> !container.isRunning());

            assertThat(committed(client, topic, partition)).as("the failed message's offset").isEqualTo(1);
            assertThat(HANDLED).as("nothing after the failed message was handled").isEmpty();
            Health health = listenersHealth(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(listenerDetails(health)).containsEntry("running", false);
            assertThat(listenerDetails(health).get("stoppedBy")).isInstanceOfSatisfying(Map.class, stoppedBy -> {
                assertThat(stoppedBy).containsEntry("deadLetterTopic", topic + ".DLT").containsEntry("topic", topic)
                        .containsEntry("partition", 0).containsEntry("offset", 1L).containsEntry("attempts", 1);
                assertThat((String) stoppedBy.get("error")).contains(topic + ".DLT");
            });
            assertThat(failures(context, "stop")).isEqualTo(1);
        }
    }

    @Test
    void underPolicySkipAnUnwritableDeadLetterIsCountedAndCommittedPast() throws InterruptedException {
        String topic = KAFKA.createUniqueTopic("dlt-skip", 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (ConfigurableApplicationContext context = app(topic, "kafkago.listener.dead-letter.failure-policy=skip")) {
            Client client = context.getBean(Client.class);
            handleFirstMessageThenDeleteTheDeadLetterTopic(context, topic);

            context.getBean(Writer.class).writeMessages(Message.of("poison-1").withTopic(topic),
                    Message.of("ok-2").withTopic(topic));

            assertThat(HANDLED.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ok-2");
            Await.until(WAIT, "offsets committed past both messages", () -> committed(client, topic, partition) == 3);
            assertThat(failures(context, "skip")).isEqualTo(1);
            assertThat(context.getBean(KafkaGoListenerRegistry.class).container(LISTENER).isRunning()).isTrue();
            assertThat(listenersHealth(context).getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void underPolicyRetryThePartitionWaitsVisiblyUntilTheDeadLetterTopicIsBack() throws InterruptedException {
        String topic = KAFKA.createUniqueTopic("dlt-retry", 1);
        String deadLetterTopic = topic + ".DLT";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (ConfigurableApplicationContext context = app(topic, "kafkago.listener.dead-letter.failure-policy=retry",
                "kafkago.listener.retry.max-interval=500ms")) {
            Client client = context.getBean(Client.class);
            handleFirstMessageThenDeleteTheDeadLetterTopic(context, topic);

            context.getBean(Writer.class).writeMessages(Message.of("poison-1").withTopic(topic),
                    Message.of("ok-2").withTopic(topic));
            Await.until(WAIT, "the health reporting the retried dead letter",
                    () -> listenerDetails(listenersHealth(context)).containsKey("deadLettersRetrying"));

            Health stalled = listenersHealth(context);
            assertThat(stalled.getStatus()).isEqualTo(Status.DOWN);
            assertThat(listenerDetails(stalled).get("deadLettersRetrying")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement()
                    .isInstanceOfSatisfying(Map.class, retrying -> assertThat(retrying)
                            .containsEntry("deadLetterTopic", deadLetterTopic).containsEntry("offset", 1L));
            assertThat(committed(client, topic, partition)).isEqualTo(1);
            assertThat(failures(context, "retry")).isPositive();
            assertThat(HANDLED).isEmpty();

            client.createTopics(TopicConfig.builder(deadLetterTopic).numPartitions(1).build());

            assertThat(HANDLED.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ok-2");
            Await.until(WAIT, "offsets committed past both messages", () -> committed(client, topic, partition) == 3);
            assertThat(readOne(deadLetterTopic).valueAsString()).isEqualTo("poison-1");
            assertThat(listenersHealth(context).getStatus()).isEqualTo(Status.UP);
        }
    }

    /** Handles "ok-0" (offset 0), the dead-letter topic created at start, waits for its commit, deletes the topic. */
    private static void handleFirstMessageThenDeleteTheDeadLetterTopic(ConfigurableApplicationContext context,
            String topic) {
        Client client = context.getBean(Client.class);
        assertThat(client.listTopics()).extracting(TopicListing::name).contains(topic + ".DLT");
        context.getBean(Writer.class).writeMessages(Message.of("ok-0").withTopic(topic));
        try {
            assertThat(HANDLED.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ok-0");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Await.until(WAIT, "offset 1 committed", () -> committed(client, topic, new TopicPartition(topic, 0)) == 1);
        // Returns once the broker's metadata no longer lists the topic, so the dead-letter writer cannot find it.
        client.deleteTopics(topic + ".DLT");
    }

    private static ConfigurableApplicationContext app(String topic, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("it.topic=" + topic);
        all.add("kafkago.brokers=" + KAFKA.bootstrapServers());
        all.add("kafkago.reader.max-wait=100ms");
        all.add("kafkago.listener.retry.max-attempts=1");
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }

    private static long committed(Client client, String topic, TopicPartition partition) {
        return client.fetchOffsets(topic + "-group").getOrDefault(partition, -1L);
    }

    private static Health listenersHealth(ConfigurableApplicationContext context) {
        return context.getBean("kafkagoListenersHealthIndicator", HealthIndicator.class).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> listenerDetails(Health health) {
        return (Map<String, Object>) health.getDetails().get(LISTENER);
    }

    private static double failures(ConfigurableApplicationContext context, String policy) {
        Counter counter = context.getBean(MeterRegistry.class).find("kafkago.listener.dead.letter.failures")
                .tags("listener", LISTENER, "policy", policy).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double counter(ConfigurableApplicationContext context, String name) {
        Counter counter = context.getBean(MeterRegistry.class).find(name).tag("listener", LISTENER).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Message readOne(String topic) {
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(KAFKA.bootstrapServers().split(","))
                .groupId(TestTopics.unique("dlt-reader")).topic(topic).build())) {
            return reader.readMessage(WAIT);
        }
    }

    private static String header(Message message, String key) {
        return message.headers().stream().filter(h -> h.key().equals(key)).reduce((a, b) -> b)
                .map(Header::valueAsString).orElse(null);
    }
}
