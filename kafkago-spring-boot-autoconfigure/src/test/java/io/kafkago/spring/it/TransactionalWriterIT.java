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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code @Transactional} methods writing through the injected Writer with {@code kafkago.writer.transaction-id-prefix}:
 * what a method that returns wrote is committed, what a method that throws wrote is aborted, a joining method's
 * rollback aborts the whole transaction, and transactions on different threads run side by side.
 */
@SpringBootTest(classes = TransactionalWriterIT.App.class, properties = {"kafkago.brokers=localhost:1",
        "kafkago.writer.transaction-id-prefix=transactional-writer-it-"})
@EmbeddedKafkaGo
class TransactionalWriterIT {

    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String TOPIC = KAFKA.createUniqueTopic("transactional-writer", 1);
    private static final String CONCURRENT_TOPIC = KAFKA.createUniqueTopic("transactional-writer-concurrent", 1);
    private static final String NESTED_TOPIC = KAFKA.createUniqueTopic("transactional-writer-nested", 1);

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
            writer.flush(); // in the log before the abort (writes in a transaction return once accepted)
            throw new IllegalStateException("payment declined");
        }

        /** Writes, then waits inside the open transaction until {@code go} opens. */
        @Transactional
        public void placeAndWait(String order, CountDownLatch written, CountDownLatch go) throws InterruptedException {
            writer.writeMessages(Message.of(order).withTopic(CONCURRENT_TOPIC));
            written.countDown();
            assertThat(go.await(30, TimeUnit.SECONDS)).as("the other transaction went on meanwhile").isTrue();
        }

        /** Writes and calls a method that joins the transaction and throws; swallows its exception. */
        @Transactional
        public void placeAndSwallowTheFailureOfAJoiningMethod(String order) {
            writer.writeMessages(Message.of(order).withTopic(NESTED_TOPIC));
            try {
                self.placeNestedThenFail(order + "-nested");
            } catch (IllegalStateException e) {
                // the joined transaction is rollback-only all the same
            }
        }

        @Transactional
        public void placeNestedThenFail(String order) {
            writer.writeMessages(Message.of(order).withTopic(NESTED_TOPIC));
            throw new IllegalStateException("nested failure");
        }

        @Transactional
        public void placeNested(String order) {
            writer.writeMessages(Message.of(order).withTopic(NESTED_TOPIC));
        }

        @Autowired
        @Lazy
        Orders self;
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

    @Test
    void transactionsOnTwoThreadsRunSideBySideEachOnAProducerOfThePool() throws Exception {
        CountDownLatch firstWritten = new CountDownLatch(1);
        CountDownLatch secondWritten = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> {
                orders.placeAndWait("first", firstWritten, secondWritten);
                return null;
            });
            assertThat(firstWritten.await(30, TimeUnit.SECONDS)).isTrue();
            // the first transaction is open and waits for this one: a manager that ran them one after another would
            // leave this one waiting until the first gave up
            Future<?> second = threads.submit(() -> {
                orders.placeAndWait("second", secondWritten, firstWritten);
                return null;
            });
            second.get(60, TimeUnit.SECONDS);
            first.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(values(CONCURRENT_TOPIC, IsolationLevel.READ_COMMITTED)).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aJoiningMethodThatRollsBackAbortsTheWholeTransaction() {
        assertThatThrownBy(() -> orders.placeAndSwallowTheFailureOfAJoiningMethod("outer"))
                .isInstanceOf(UnexpectedRollbackException.class);
        orders.placeNested("after");
        assertThat(values(NESTED_TOPIC, IsolationLevel.READ_COMMITTED)).containsExactly("after");
    }

    private static List<String> values(IsolationLevel isolation) {
        return values(TOPIC, isolation);
    }

    private static List<String> values(String topic, IsolationLevel isolation) {
        List<String> values = new ArrayList<>();
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(KAFKA.bootstrapServers().split(","))
                .topic(topic).partition(0).isolationLevel(isolation).build())) {
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
