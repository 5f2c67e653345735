package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/** Closing the context loses nothing: the Writer flushes, listeners finish and commit the message in hand. */
class GracefulShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WriterApp {
    }

    @Test
    void asyncWritesAreAllInTheTopicAfterTheContextClosesAtOnce() {
        String topic = KAFKA.createUniqueTopic("shutdown-writes", 3);
        int count = 10_000;
        try (ConfigurableApplicationContext context = app(WriterApp.class, "kafkago.writer.async=true",
                "kafkago.writer.topic=" + topic)) {
            Writer writer = context.getBean(Writer.class);
            for (int i = 0; i < count; i++) {
                writer.writeMessages(Message.of("key-" + i, "value-" + i));
            }
        }
        assertThat(messagesIn(topic)).isEqualTo(count);
    }

    /** Every handled value, in the order handled, across application runs. */
    static final List<String> HANDLED = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger HANDLED_COUNT = new AtomicInteger();

    static class SlowListener {
        @KafkaGoListener(id = "restartable", topics = "${it.topic}", groupId = "${it.group}", concurrency = "2")
        void on(String value) throws InterruptedException {
            Thread.sleep(2); // keeps the listener mid-stream when the context closes
            HANDLED.add(value);
            HANDLED_COUNT.incrementAndGet();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SlowListener.class)
    static class ListenerApp {
    }

    @Test
    void aListenerClosedMidStreamAndStartedAgainLosesNothingAndRepeatsOnlyTheMessagesInHand() {
        String topic = KAFKA.createUniqueTopic("shutdown-listener", 4);
        String group = topic + "-group";
        int count = 2_000;
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(Message.of("k" + i, "v" + i));
        }
        try (ConfigurableApplicationContext writerApp = app(WriterApp.class, "kafkago.writer.topic=" + topic)) {
            writerApp.getBean(Writer.class).writeMessages(messages);
        }
        HANDLED.clear();
        HANDLED_COUNT.set(0);

        Set<String> beforeClose;
        try (ConfigurableApplicationContext first = app(ListenerApp.class, "it.topic=" + topic, "it.group=" + group)) {
            Await.until(WAIT, "the first run handling 300 messages", () -> HANDLED_COUNT.get() >= 300);
        }
        synchronized (HANDLED) {
            // A rebalance while the two members join may hand a message out twice (at-least-once): a set.
            beforeClose = new HashSet<>(HANDLED);
            HANDLED.clear();
        }
        assertThat(beforeClose.size()).isLessThan(count);

        try (ConfigurableApplicationContext second = app(ListenerApp.class, "it.topic=" + topic, "it.group=" + group)) {
            Await.until(WAIT, "all messages handled after the restart", () -> {
                Set<String> all = new HashSet<>(beforeClose);
                synchronized (HANDLED) {
                    all.addAll(HANDLED);
                }
                return all.size() == count;
            });
        }
        Set<String> repeated = new HashSet<>();
        synchronized (HANDLED) {
            for (String value : HANDLED) {
                if (beforeClose.contains(value)) {
                    repeated.add(value);
                }
            }
        }
        // At most one message in hand per member (concurrency 2) may be seen again; with the in-hand message
        // committed before the member leaves, none is.
        assertThat(repeated).hasSizeLessThanOrEqualTo(2);
    }

    /** Every value the forwarding listener handled, across runs. */
    static final List<String> FORWARDED = Collections.synchronizedList(new ArrayList<>());

    static class ForwardingListener {
        private final Writer writer;
        private final String output;

        ForwardingListener(Writer writer, Environment environment) {
            this.writer = writer;
            this.output = environment.getRequiredProperty("it.output");
        }

        @KafkaGoListener(id = "forwarder", topics = "${it.topic}", groupId = "${it.group}")
        void on(String value) {
            writer.writeMessages(Message.of(value).withTopic(output));
            FORWARDED.add(value);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ForwardingListener.class)
    static class ForwardingApp {
    }

    @Test
    void listenersStopBeforeTheWriterTheyUseIsClosed() {
        String input = KAFKA.createUniqueTopic("forward-in", 2);
        String output = KAFKA.createUniqueTopic("forward-out", 1);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            messages.add(Message.of("f" + i));
        }
        try (ConfigurableApplicationContext writerApp = app(WriterApp.class, "kafkago.writer.topic=" + input)) {
            writerApp.getBean(Writer.class).writeMessages(messages);
        }
        FORWARDED.clear();
        try (ConfigurableApplicationContext forwarding = app(ForwardingApp.class, "it.topic=" + input,
                "it.group=" + input + "-group", "it.output=" + output)) {
            Await.until(WAIT, "100 messages forwarded", () -> FORWARDED.size() >= 100);
        }
        // Every message the listener handled was written before the Writer closed: none failed on a closed writer.
        assertThat(messagesIn(output)).isEqualTo(FORWARDED.size());
    }

    private static ConfigurableApplicationContext app(Class<?> source, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("kafkago.brokers=" + KAFKA.bootstrapServers());
        all.add("kafkago.reader.max-wait=100ms");
        return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }

    private static long messagesIn(String topic) {
        Map<String, Object> config = KAFKA.clientProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            return partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
        }
    }

}
