package io.kafkago.spring.it;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Measures (does not test) how fast a String listener drains a topic on the embedded broker, for
 * synchronous per-message commits and for periodic commits. Run by hand:
 * {@code java -cp <test classpath> io.kafkago.spring.it.ListenerThroughput [messages]}.
 */
public final class ListenerThroughput {

    static volatile CountDownLatch remaining;

    static class Counting {
        @KafkaGoListener(id = "throughput", topics = "${bench.topic}", groupId = "${bench.group}")
        void on(String value) {
            remaining.countDown();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WriterApp {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Counting.class)
    static class ListenerApp {
    }

    private ListenerThroughput() {
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            measure(args.length > 0 ? Integer.parseInt(args[0]) : 50_000);
        } finally {
            System.exit(0); // the embedded broker's threads would keep the JVM alive
        }
    }

    private static void measure(int count) throws InterruptedException {
        KafkaTestCluster kafka = KafkaTestClusters.shared();
        String topic = kafka.createUniqueTopic("throughput", 1);
        try (ConfigurableApplicationContext writerApp = app(WriterApp.class, kafka, "kafkago.writer.topic=" + topic)) {
            List<Message> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(Message.of("value-" + i));
            }
            writerApp.getBean(Writer.class).writeMessages(messages);
        }
        for (String commitInterval : List.of("0s", "1s")) {
            remaining = new CountDownLatch(count);
            long start = System.nanoTime();
            try (ConfigurableApplicationContext listenerApp = app(ListenerApp.class, kafka, "bench.topic=" + topic,
                    "bench.group=throughput-" + commitInterval, "kafkago.reader.commit-interval=" + commitInterval)) {
                if (!remaining.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException(remaining.getCount() + " messages not handled");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("commit-interval=%s: %d messages in %.2f s (context start included) = %.0f msg/s%n",
                        commitInterval, count, seconds, count / seconds);
            }
        }
    }

    private static ConfigurableApplicationContext app(Class<?> source, KafkaTestCluster kafka, String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("kafkago.brokers=" + kafka.bootstrapServers());
        return new SpringApplicationBuilder(source).web(WebApplicationType.NONE).logStartupInfo(false)
                .properties(all.toArray(String[]::new)).run();
    }
}
