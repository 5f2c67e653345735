package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.DeadLetterHeaders;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.KafkaGoListenerRegistry;
import io.kafkago.spring.MessageHeader;
import io.kafkago.spring.MessageKey;
import io.kafkago.spring.MessageOffset;
import io.kafkago.spring.MessagePartition;
import io.kafkago.spring.MessageTimestamp;
import io.kafkago.spring.MessageTopic;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.spring.EmbeddedKafkaGo;
import io.micrometer.core.instrument.Counter;
import io.kafkago.spring.boot.autoconfigure.KafkaGoConnectionDetails;
import io.kafkago.spring.boot.test.KafkaTestClusterConnectionDetails;
import io.kafkago.spring.observation.DefaultWriterObservationConvention;
import io.kafkago.spring.observation.WriterObservationContext;
import io.kafkago.spring.observation.WriterObservationConvention;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code @KafkaGoListener} methods against a real broker: payload types, parameters, retries, dead letters, batches. */
@SpringBootTest(classes = KafkaGoListenerIT.App.class, properties = {
        "kafkago.listener.retry.max-attempts=3", "kafkago.listener.retry.initial-interval=10ms",
        "kafkago.reader.max-wait=100ms", "kafkago.brokers=localhost:1"})
@EmbeddedKafkaGo
class KafkaGoListenerIT {

    private static final long WAIT_SECONDS = 60;
    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String STRINGS = KAFKA.createUniqueTopic("strings", 1);
    private static final String BYTES = KAFKA.createUniqueTopic("bytes", 1);
    private static final String MESSAGES = KAFKA.createUniqueTopic("messages", 1);
    private static final String ORDERS = KAFKA.createUniqueTopic("orders", 3);
    private static final String ORDERS_DLT = createTopic(ORDERS + ".DLT", 1);
    private static final String BATCHES = KAFKA.createUniqueTopic("batches", 1);
    private static final String TRACED = KAFKA.createUniqueTopic("traced", 1);
    private static final String MANUAL = KAFKA.createUniqueTopic("manual", 1);

    private static String createTopic(String name, int partitions) {
        KAFKA.createTopic(name, partitions);
        return name;
    }

    @DynamicPropertySource
    static void topics(DynamicPropertyRegistry registry) {
        registry.add("it.strings", () -> STRINGS);
        registry.add("it.bytes", () -> BYTES);
        registry.add("it.messages", () -> MESSAGES);
        registry.add("it.orders", () -> ORDERS);
        registry.add("it.batches", () -> BATCHES);
        registry.add("it.traced", () -> TRACED);
        registry.add("it.manual", () -> MANUAL);
    }

    record Order(String id, int cents) {
    }

    record Received(String value, String key, String source, String topic, int partition, long offset, Instant time) {
    }

    static class Listeners {
        final BlockingQueue<Received> strings = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> bytes = new LinkedBlockingQueue<>();
        final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Order> orders = new LinkedBlockingQueue<>();
        final AtomicInteger failingCalls = new AtomicInteger();
        final BlockingQueue<Message> deadLetters = new LinkedBlockingQueue<>();
        final BlockingQueue<List<String>> batches = new LinkedBlockingQueue<>();
        final BlockingQueue<String> traced = new LinkedBlockingQueue<>();
        final BlockingQueue<String> manual = new LinkedBlockingQueue<>();

        @KafkaGoListener(id = "strings", topics = "${it.strings}", groupId = "it-strings")
        void strings(String value, @MessageKey String key, @MessageHeader("source") String source, @MessageTopic String topic,
                @MessagePartition int partition, @MessageOffset long offset, @MessageTimestamp Instant time) {
            strings.add(new Received(value, key, source, topic, partition, offset, time));
        }

        @KafkaGoListener(id = "bytes", topics = "${it.bytes}", groupId = "it-bytes")
        void bytes(byte[] value) {
            bytes.add(value);
        }

        @KafkaGoListener(id = "messages", topics = "${it.messages}", groupId = "it-messages")
        void messages(Message message) {
            messages.add(message);
        }

        @KafkaGoListener(id = "orders", topics = "${it.orders}", groupId = "it-orders", concurrency = "2")
        void orders(Order order) {
            if (order.cents() < 0) {
                failingCalls.incrementAndGet();
                throw new IllegalArgumentException("negative amount in " + order.id());
            }
            orders.add(order);
        }

        @KafkaGoListener(id = "dead-letters", topics = "${it.orders}.DLT", groupId = "it-dead-letters")
        void deadLetters(Message message) {
            deadLetters.add(message);
        }

        @KafkaGoListener(id = "batches", topics = "${it.batches}", groupId = "it-batches", batch = true)
        void batches(List<String> values) {
            batches.add(values);
        }

        @KafkaGoListener(id = "manual", topics = "${it.manual}", groupId = "it-manual", autoStartup = "false")
        void manual(String value) {
            manual.add(value);
        }

        @KafkaGoListener(id = "traced", topics = "${it.traced}", groupId = "it-traced")
        void traced(@MessageHeader(TestPropagation.HEADER) String traceHeader) {
            traced.add(traceHeader);
        }
    }

    /**
     * Stands in for a tracer's propagating handlers: puts a trace id into outgoing messages and records the
     * one incoming messages carry, through the observation contexts' setter and getter.
     */
    static class TestPropagation implements ObservationHandler<Observation.Context> {
        static final String HEADER = "traceparent";
        static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        final BlockingQueue<String> extracted = new LinkedBlockingQueue<>();
        final BlockingQueue<Observation.Context> sent = new LinkedBlockingQueue<>();

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof SenderContext<?> || context instanceof ReceiverContext<?>;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void onStart(Observation.Context context) {
            if (context instanceof SenderContext sender) {
                sender.getSetter().set(sender.getCarrier(), HEADER, TRACE);
                sent.add(context);
            } else if (context instanceof ReceiverContext receiver) {
                Object value = receiver.getGetter().get(receiver.getCarrier(), HEADER);
                if (value != null) {
                    extracted.add((String) value);
                }
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Listeners.class, TestPropagation.class})
    static class App {

        /** The application's convention: the default one plus a tag of its own. */
        @Bean
        WriterObservationConvention checkoutWriterConvention() {
            return new DefaultWriterObservationConvention() {
                @Override
                public KeyValues getLowCardinalityKeyValues(WriterObservationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("app.flow", "checkout");
                }
            };
        }
    }

    @Autowired
    Writer writer;

    @Autowired
    Listeners listeners;

    @Autowired
    KafkaGoListenerRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TestPropagation propagation;

    @Autowired
    HealthIndicator kafkagoHealthIndicator;

    @Autowired
    KafkaGoConnectionDetails connectionDetails;

    private static Message json(String topic, String key, String json) {
        return Message.of(key, json).withTopic(topic);
    }

    @Test
    void stringListenerGetsValueKeyHeaderAndMetadata() throws InterruptedException {
        Instant time = Instant.parse("2026-01-02T03:04:05.678Z");
        writer.writeMessages(Message.of("k-1", "hello").withTopic(STRINGS).withTime(time)
                .withHeaders(Header.of("source", "checkout")));

        Received received = listeners.strings.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(received).isEqualTo(new Received("hello", "k-1", "checkout", STRINGS, 0, 0, time));
    }

    @Test
    void bytesAndMessageListenersGetTheRawRecord() throws InterruptedException {
        byte[] value = {0, 1, 2, (byte) 0xff};
        writer.writeMessages(Message.of(value).withTopic(BYTES),
                Message.of("m-key", "m-value").withTopic(MESSAGES).withHeaders(Header.of("h", "v")));

        assertThat(listeners.bytes.poll(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly(value);
        Message message = listeners.messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.keyAsString()).isEqualTo("m-key");
        assertThat(message.valueAsString()).isEqualTo("m-value");
        // the Writer bean is observed: the test tracer's propagation header follows the application's own
        assertThat(message.headers()).containsExactly(Header.of("h", "v"),
                Header.of(TestPropagation.HEADER, TestPropagation.TRACE));
        assertThat(message.topic()).isEqualTo(MESSAGES);
    }

    @Test
    void failingMessagesEndInTheDeadLetterTopicAfterRetriesAndLaterMessagesAreHandled() throws InterruptedException {
        writer.writeMessages(json(ORDERS, "a", "{\"id\":\"a\",\"cents\":100}"),
                json(ORDERS, "bad", "{\"id\":\"bad\",\"cents\":-1}"),
                json(ORDERS, "junk", "this is not json"),
                json(ORDERS, "bad", "{\"id\":\"after-bad\",\"cents\":7}"),
                json(ORDERS, "z", "{\"id\":\"z\",\"cents\":3}"));

        List<Order> handled = new ArrayList<>();
        while (handled.size() < 3) {
            Order order = listeners.orders.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(order).as("handled orders so far: %s", handled).isNotNull();
            handled.add(order);
        }
        assertThat(handled).containsExactlyInAnyOrder(new Order("a", 100), new Order("after-bad", 7),
                new Order("z", 3));

        List<Message> deadLetters = new ArrayList<>();
        while (deadLetters.size() < 2) {
            Message deadLetter = listeners.deadLetters.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(deadLetter).as("dead letters so far: %s", deadLetters).isNotNull();
            deadLetters.add(deadLetter);
        }
        Message failed = deadLetters.stream().filter(m -> m.keyAsString().equals("bad")).findFirst().orElseThrow();
        assertThat(failed.valueAsString()).isEqualTo("{\"id\":\"bad\",\"cents\":-1}");
        assertThat(header(failed, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(failed, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("negative amount in bad");
        assertThat(header(failed, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(ORDERS);
        assertThat(header(failed, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(Integer.parseInt(header(failed, DeadLetterHeaders.ORIGINAL_PARTITION))).isBetween(0, 2);
        assertThat(Long.parseLong(header(failed, DeadLetterHeaders.ORIGINAL_OFFSET))).isNotNegative();
        assertThat(listeners.failingCalls).hasValue(3);

        Message junk = deadLetters.stream().filter(m -> m.keyAsString().equals("junk")).findFirst().orElseThrow();
        assertThat(header(junk, DeadLetterHeaders.EXCEPTION_CLASS))
                .isEqualTo("io.kafkago.spring.PayloadConversionException");
        assertThat(header(junk, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");

        assertThat(meters.get("kafkago.listener.dead.lettered").tag("listener", "orders").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("kafkago.listener.handle").tag("listener", "orders").tag("outcome", "error").timer()
                .count()).isEqualTo(3);
    }

    @Test
    void batchListenerGetsLists() throws InterruptedException {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(Message.of("b-" + i).withTopic(BATCHES));
        }
        writer.writeMessages(batch);

        List<String> received = new ArrayList<>();
        while (received.size() < 50) {
            List<String> values = listeners.batches.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(values).as("received so far: %s", received).isNotNull().isNotEmpty();
            received.addAll(values);
        }
        assertThat(received).containsExactlyElementsOf(batch.stream().map(Message::valueAsString).toList());
    }

    @Test
    void writerReaderAndListenerMetersCountTheTraffic() throws InterruptedException {
        writer.writeMessages(Message.of("metered").withTopic(MESSAGES));
        assertThat(listeners.messages.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        // The offset is committed just after the handler returns.
        Await.until(Duration.ofSeconds(WAIT_SECONDS), "the handled message's commit", () -> {
            Counter committed = meters.find("kafkago.listener.committed").tag("listener", "messages").counter();
            return committed != null && committed.count() > 0;
        });

        assertThat(meters.get("kafkago.writer.messages").tag("writer", "kafkaGoWriter").functionCounter().count())
                .isPositive();
        assertThat(meters.get("kafkago.writer.bytes").tag("writer", "kafkaGoWriter").functionCounter().count())
                .isPositive();
        assertThat(meters.get("kafkago.reader.messages").tag("listener", "messages").functionCounter().count())
                .isPositive();
        assertThat(meters.get("kafkago.reader.commits").tag("listener", "messages").functionCounter().count())
                .isPositive();
        assertThat(meters.get("kafkago.reader.rebalances").tag("listener", "messages").functionCounter().count())
                .isPositive();
        assertThat(meters.get("kafkago.listener.handle").tag("listener", "messages").tag("outcome", "success")
                .timer().count()).isPositive();
        assertThat(meters.get("kafkago.listener.committed").tag("listener", "messages").counter().count())
                .isPositive();
        assertThat(registry.listenerIds()).contains("strings", "bytes", "messages", "orders", "dead-letters", "batches");
        assertThat(registry.container("orders").isRunning()).isTrue();
    }

    @Test
    void theTraceContextFlowsFromTheInjectedWriterToTheListener() throws InterruptedException {
        writer.writeMessages(Message.of("traced").withTopic(TRACED));

        assertThat(listeners.traced.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(TestPropagation.TRACE);
        assertThat(propagation.extracted.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(TestPropagation.TRACE);
        // every write of the Writer bean is observed: pick this one's out of the other tests' writes
        assertThat(propagation.sent).filteredOn(sent -> sent.getLowCardinalityKeyValue("messaging.destination.name") != null
                        && TRACED.equals(sent.getLowCardinalityKeyValue("messaging.destination.name").getValue()))
                .singleElement().satisfies(sent -> {
                    assertThat(sent.getName()).isEqualTo("kafkago.writer.send");
                    assertThat(sent.getLowCardinalityKeyValue("app.flow").getValue()).isEqualTo("checkout");
                });
    }

    @Test
    void aContainerWithoutAutoStartupRunsOnlyWhileStartedThroughTheRegistry() throws InterruptedException {
        assertThat(registry.container("manual").isRunning()).isFalse();
        writer.writeMessages(Message.of("while-stopped").withTopic(MANUAL));

        registry.start("manual");
        assertThat(registry.container("manual").isRunning()).isTrue();
        assertThat(listeners.manual.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("while-stopped");

        registry.stop("manual");
        assertThat(registry.container("manual").isRunning()).isFalse();
        writer.writeMessages(Message.of("after-stop").withTopic(MANUAL));
        registry.start("manual");
        assertThat(listeners.manual.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("after-stop");
        registry.stop("manual");
        assertThat(listeners.manual).isEmpty();
    }

    @Test
    void everyBeanConnectsThroughTheTestClustersConnectionDetailsNotTheProperty() {
        assertThat(connectionDetails).isInstanceOf(KafkaTestClusterConnectionDetails.class);
        assertThat(String.join(",", connectionDetails.getBrokers())).isEqualTo(KAFKA.bootstrapServers());
        assertThat(writer.config().brokers()).isEqualTo(connectionDetails.getBrokers()).doesNotContain("localhost:1");
    }

    @Test
    void healthIsUpThroughTheAdminClient() {
        Health health = kafkagoHealthIndicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).doesNotContainKey("error");
    }

    private static String header(Message message, String key) {
        String value = null;
        for (Header header : message.headers()) {
            if (header.key().equals(key)) {
                value = header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
