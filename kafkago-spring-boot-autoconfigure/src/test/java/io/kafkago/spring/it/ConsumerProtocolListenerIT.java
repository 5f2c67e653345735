package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.KafkaGoListenerRegistry;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.spring.EmbeddedKafkaGo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Listener containers on the consumer group protocol (KIP-848), paused and resumed through the registry. */
@SpringBootTest(classes = ConsumerProtocolListenerIT.App.class, properties = {
        "kafkago.reader.group-protocol=consumer", "kafkago.reader.max-wait=100ms", "kafkago.brokers=localhost:1"})
@EmbeddedKafkaGo
class ConsumerProtocolListenerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String TOPIC = KAFKA.createUniqueTopic("kip848-listener", 4);
    private static final String GROUP = TOPIC + "-g";

    @DynamicPropertySource
    static void topics(DynamicPropertyRegistry registry) {
        registry.add("it.topic", () -> TOPIC);
        registry.add("it.group", () -> GROUP);
    }

    static class Listeners {
        final Set<String> received = ConcurrentHashMap.newKeySet();

        @KafkaGoListener(id = "kip848", topics = "${it.topic}", groupId = "${it.group}", concurrency = "2")
        void on(Message message) {
            received.add(message.valueAsString());
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
    }

    @Autowired
    Writer writer;

    @Autowired
    Listeners listeners;

    @Autowired
    KafkaGoListenerRegistry registry;

    @Test
    void aPausedContainerStaysInItsGroupReceivesNothingAndGoesOnWhereItStoppedWhenResumed() throws Exception {
        write(0, 20);
        Await.until(WAIT, "the first 20 messages", () -> listeners.received.size() == 20);
        assertThat(describe().type()).isEqualTo(GroupType.CONSUMER);
        Await.until(WAIT, "both members owning partitions", () -> describe().members().stream()
                .allMatch(member -> !member.assignment().topicPartitions().isEmpty()) && describe().members().size() == 2);

        registry.pause("kip848");
        assertThat(registry.container("kip848").isPaused()).isTrue();
        write(20, 40);
        Thread.sleep(2_000); // time in which a running container would have received them
        assertThat(listeners.received).as("nothing handled while paused").hasSize(20);
        ConsumerGroupDescription paused = describe();
        assertThat(paused.members()).as("the members stay in the group").hasSize(2);
        assertThat(paused.members()).allSatisfy(member ->
                assertThat(member.assignment().topicPartitions()).isNotEmpty());

        registry.resume("kip848");
        Await.until(WAIT, "the messages written while paused", () -> listeners.received.size() == 40);
        for (int i = 0; i < 40; i++) {
            assertThat(listeners.received).contains("v-" + i);
        }
    }

    private void write(int from, int to) {
        for (int i = from; i < to; i++) {
            writer.writeMessages(Message.of("k-" + i, "v-" + i).withTopic(TOPIC));
        }
    }

    private static ConsumerGroupDescription describe() {
        try (Admin admin = Admin.create(KAFKA.clientProperties())) {
            return admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS).get(GROUP);
        } catch (Exception e) {
            throw new AssertionError("cannot describe group " + GROUP, e);
        }
    }
}
