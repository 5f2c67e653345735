package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.IsolationLevel;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.spring.EmbeddedKafkaGo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @Transactional} methods writing through the injected Writer with {@code kafkago.writer.transaction-id-prefix}:
 * what a method that returns wrote is committed, what a method that throws wrote is aborted.
 */
@SpringBootTest(classes = TransactionalWriterIT.App.class, properties = {"kafkago.brokers=localhost:1",
        "kafkago.writer.transaction-id-prefix=transactional-writer-it-"})
@EmbeddedKafkaGo
class TransactionalWriterIT {

    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String TOPIC = KAFKA.createUniqueTopic("transactional-writer", 1);

    static class Orders {
        @Autowired
        Writer writer;

        @Transactional
        public void place(String... orders) {
            for (String order : orders) {
                writer.writeMessages(Message.of(order).withTopic(TOPIC));
            }
        }

        @Transactional
        public void placeThenFail(String order) {
            writer.writeMessages(Message.of(order).withTopic(TOPIC));
            throw new IllegalStateException("payment declined");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableTransactionManagement
    @Import(Orders.class)
    static class App {
    }

    @Autowired
    Orders orders;

    @Autowired
    Writer writer;

    @Test
    void aMethodThatReturnsCommitsItsWritesAndOneThatThrowsAbortsThem() {
        orders.place("order-1", "order-2");
        assertThatThrownBy(() -> orders.placeThenFail("declined-order")).hasMessage("payment declined");
        orders.place("order-3");
        assertThatThrownBy(() -> writer.writeMessages(Message.of("outside").withTopic(TOPIC)))
                .as("outside a transaction").isInstanceOf(IllegalStateException.class);

        assertThat(values(IsolationLevel.READ_COMMITTED)).containsExactly("order-1", "order-2", "order-3");
        assertThat(values(IsolationLevel.READ_UNCOMMITTED)).containsExactly("order-1", "order-2", "declined-order",
                "order-3");
    }

    private static List<String> values(IsolationLevel isolation) {
        List<String> values = new ArrayList<>();
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(KAFKA.bootstrapServers().split(","))
                .topic(TOPIC).partition(0).isolationLevel(isolation).build())) {
            while (true) {
                try {
                    values.add(reader.readMessage(Duration.ofSeconds(3)).valueAsString());
                } catch (KafkaTimeoutException e) {
                    return values;
                }
            }
        }
    }
}
