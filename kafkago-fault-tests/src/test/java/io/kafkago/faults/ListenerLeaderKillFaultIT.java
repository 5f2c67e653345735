package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * An application's {@code @KafkaGoListener} against a killed broker: the leader of the partition the listener reads
 * is SIGKILLed while messages keep arriving, and restarted later. The listener must handle every message that was
 * acknowledged to the writer at least once, with nothing skipped while its group coordinator or leader moved. This
 * is the example of {@code kafkago-test/README.md}, run for real.
 */
class ListenerLeaderKillFaultIT {

    private static final Duration PROGRESS = Duration.ofMinutes(2);

    /** Ids the listener handled, with how often; static because the listener bean lives in its own context. */
    static final Map<String, Integer> handled = new ConcurrentHashMap<>();

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("listener-kill");
        FaultCluster.createDurableTopic(cluster, topic, 3);
        handled.clear();
    }

    @Test
    void listenerHandlesEveryAcknowledgedMessageThroughAKilledLeader() {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OrdersApp.class)
                     .web(WebApplicationType.NONE)
                     .properties("kafkago.brokers=" + cluster.bootstrapServers(), "orders.topic=" + topic,
                             "kafkago.reader.start-offset=first")
                     .run();
             Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).spread(1, ProducerLoad.Mode.SYNC).start()) {
            load.awaitAcknowledged(2_000, PROGRESS);
            int leader = cluster.leaderOf(topic, 0);
            cluster.kill(leader);
            cluster.awaitLeaderChange(topic, 0, leader, PROGRESS);
            load.awaitAcknowledged(2_000, PROGRESS);
            cluster.restart(leader);
            load.awaitAcknowledged(2_000, PROGRESS);
            load.close();

            Set<String> acknowledged = checker.acknowledgedIds();
            Await.until(PROGRESS, "the listener handling every acknowledged message",
                    () -> handled.keySet().containsAll(acknowledged));
            long redelivered = handled.values().stream().filter(count -> count > 1).count();
            System.out.printf("listener through a killed leader: %d acknowledged, %d handled, %d handled twice%n",
                    acknowledged.size(), handled.size(), redelivered);
            assertThat(handled.keySet()).containsAll(acknowledged);
            assertThat(load.failures()).as("writes that failed although the cluster recovered").isEmpty();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Orders.class)
    static class OrdersApp {
    }

    /** The application's listener: it only records what it handled. */
    static class Orders {
        @KafkaGoListener(topics = "${orders.topic}", groupId = "orders-app")
        void on(Message order) {
            handled.merge(order.valueAsString(), 1, Integer::sum);
        }
    }
}
