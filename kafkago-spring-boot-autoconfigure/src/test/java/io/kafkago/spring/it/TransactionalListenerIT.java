package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Client;
import io.kafkago.Header;
import io.kafkago.IsolationLevel;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.OffsetSpec;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.spring.DeadLetterHeaders;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.KafkaGoListenerRegistry;
import io.kafkago.spring.MessageKey;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.spring.EmbeddedKafkaGo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Exactly-once listeners ({@code transactional = "true"}): what the handler writes through the injected Writer and
 * the consumed offsets commit together, per member producer. A handler that fails once has its first attempt's output
 * aborted, a message that always fails is dead-lettered in the transaction that commits its offset, and a batch
 * listener's batch is one transaction, and a {@code @Transactional} method the handler calls joins the listener's
 * transaction (its rollback aborts it), also while members join and leave: read_committed readers see each input's output exactly once, and the group's
 * offsets end at the end of the input.
 */
@SpringBootTest(classes = TransactionalListenerIT.App.class, properties = {"kafkago.brokers=localhost:1",
        "kafkago.writer.transaction-id-prefix=transactional-listener-it-",
        "kafkago.writer.transaction-instance-id=instance-1",
        "kafkago.reader.start-offset=first",
        "kafkago.listener.retry.max-attempts=3",
        "kafkago.listener.retry.initial-interval=20ms",
        "kafkago.listener.max-batch-size=50"})
@EmbeddedKafkaGo
class TransactionalListenerIT {

    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String INPUT = KAFKA.createUniqueTopic("txn-listener-in", 3);
    private static final String OUTPUT = KAFKA.createUniqueTopic("txn-listener-out", 3);
    private static final String BATCH_INPUT = KAFKA.createUniqueTopic("txn-listener-batch-in", 2);
    private static final String BATCH_OUTPUT = KAFKA.createUniqueTopic("txn-listener-batch-out", 2);
    private static final String JOINING_INPUT = KAFKA.createUniqueTopic("txn-listener-join-in", 1);
    private static final String JOINING_OUTPUT = KAFKA.createUniqueTopic("txn-listener-join-out", 1);
    private static final String REBALANCING_INPUT = KAFKA.createUniqueTopic("txn-listener-rebalance-in", 4);
    private static final String REBALANCING_OUTPUT = KAFKA.createUniqueTopic("txn-listener-rebalance-out", 4);
    private static final int MESSAGES = 600;
    private static final Duration WAIT = Duration.ofSeconds(60);

    static class Enricher {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Autowired
        Writer writer;

        @KafkaGoListener(id = "enricher", topics = "${it.input}",
                groupId = "txn-enricher", concurrency = "2", transactional = "true")
        void enrich(String value, @MessageKey String key) {
            int call = calls.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            writer.writeMessages(Message.of(key, value + "-out").withTopic(OUTPUT));
            if (value.startsWith("poison")) {
                writer.flush(); // in the log before the abort (writes in a transaction return once accepted)
                throw new IllegalStateException("cannot enrich " + value);
            }
            if (value.startsWith("flaky") && call == 1) {
                throw new IllegalStateException("first call of " + value + " fails");
            }
        }

        @KafkaGoListener(id = "batch-enricher", topics = "${it.batch-input}",
                groupId = "txn-batch-enricher", transactional = "true", batch = true)
        void enrichBatch(List<String> values) {
            boolean firstCallWithFlaky = values.stream().anyMatch(value -> value.startsWith("flaky")
                    && calls.computeIfAbsent("batch-" + value, v -> new AtomicInteger()).incrementAndGet() == 1);
            writer.writeMessages(values.stream().map(value -> Message.of(value + "-out").withTopic(BATCH_OUTPUT))
                    .toList());
            if (firstCallWithFlaky) {
                throw new IllegalStateException("first call of a batch with a flaky message fails");
            }
        }
    }

    /** A {@code @Transactional} service an exactly-once handler calls: it joins the listener's transaction. */
    static class Ledger {
        private final List<String> afterCommit = new CopyOnWriteArrayList<>();

        @Autowired
        Writer writer;

        /** Values whose transaction committed, as after-commit callbacks saw them (a method: this bean is a proxy). */
        public List<String> committedValues() {
            return afterCommit;
        }

        @Transactional
        public void record(String value) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.add(value);
                }
            });
            writer.writeMessages(Message.of(value + "-out").withTopic(JOINING_OUTPUT));
            if (value.startsWith("veto")) {
                throw new IllegalStateException("vetoed " + value);
            }
        }
    }

    static class Recorder {
        @Autowired
        Ledger ledger;

        @KafkaGoListener(id = "recorder", topics = "${it.joining-input}", groupId = "txn-recorder",
                transactional = "true")
        void record(String value) {
            try {
                ledger.record(value);
            } catch (IllegalStateException e) {
                // swallowed on purpose: the rollback of the method still aborts the listener's transaction
            }
        }
    }

    /** Two containers of one group: the second starts and stops mid-stream, moving partitions twice. */
    static class Copier {
        final AtomicInteger calls = new AtomicInteger();

        @Autowired
        Writer writer;

        @KafkaGoListener(id = "copier", topics = "${it.rebalancing-input}", groupId = "txn-copier",
                transactional = "true")
        void copy(Message input) throws InterruptedException {
            write(input);
        }

        @KafkaGoListener(id = "copier-peer", topics = "${it.rebalancing-input}", groupId = "txn-copier",
                transactional = "true", autoStartup = "false")
        void copyToo(Message input) throws InterruptedException {
            write(input);
        }

        private void write(Message input) throws InterruptedException {
            writer.writeMessages(Message.of(input.key(), input.value()).withTopic(REBALANCING_OUTPUT));
            calls.incrementAndGet();
            Thread.sleep(2); // a stream that lasts through both rebalances
        }
    }

    @DynamicPropertySource
    static void topics(DynamicPropertyRegistry registry) {
        registry.add("it.rebalancing-input", () -> REBALANCING_INPUT);
        registry.add("it.input", () -> INPUT);
        registry.add("it.batch-input", () -> BATCH_INPUT);
        registry.add("it.joining-input", () -> JOINING_INPUT);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableTransactionManagement
    @Import({Enricher.class, Ledger.class, Recorder.class, Copier.class})
    static class App {
    }

    @Autowired
    Enricher enricher;

    @Autowired
    Client client;

    @Autowired
    Copier copier;

    @Autowired
    Ledger ledger;

    @Autowired
    KafkaGoListenerRegistry registry;

    @Test
    void eachInputsOutputIsCommittedOnceAndAFailingMessageIsDeadLetteredWithItsOffset() throws Exception {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            inputs.add(i == 100 ? "flaky-100" : i == 400 ? "poison-400" : "m-" + i);
        }
        produce(INPUT, inputs);

        Set<String> expected = inputs.stream().filter(value -> !value.startsWith("poison")).map(value -> value + "-out")
                .collect(Collectors.toSet());
        List<String> committed = awaitValues(OUTPUT, 3, expected.size());
        assertThat(committed).as("read_committed output, each once").hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(values(OUTPUT, 3, IsolationLevel.READ_UNCOMMITTED)).as("aborted attempts are in the log")
                .contains("poison-400-out").hasSizeGreaterThan(expected.size());
        assertThat(enricher.calls.get("flaky-100")).hasValueGreaterThanOrEqualTo(2);
        assertThat(enricher.calls.get("poison-400")).hasValue(3);

        List<Message> deadLetters = awaitMessages(INPUT + ".DLT", 1, 1);
        assertThat(deadLetters).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.valueAsString()).isEqualTo("poison-400");
            assertThat(deadLetter.headers()).filteredOn(header -> header.key().equals(DeadLetterHeaders.ATTEMPTS))
                    .singleElement().extracting(Header::valueAsString).isEqualTo("3");
        });
        assertThat(awaitCommittedOffsets("txn-enricher", INPUT, 3)).isEqualTo(endOffsets(INPUT, 3));
    }

    @Test
    void aBatchListenersBatchIsOneTransactionAndAFailedAttemptLeavesNoOutput() throws Exception {
        List<String> inputs = IntStream.range(0, 300).mapToObj(i -> i == 150 ? "flaky-150" : "b-" + i).toList();
        produce(BATCH_INPUT, inputs);

        List<String> expected = inputs.stream().map(value -> value + "-out").toList();
        assertThat(awaitValues(BATCH_OUTPUT, 2, expected.size())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(awaitCommittedOffsets("txn-batch-enricher", BATCH_INPUT, 2)).isEqualTo(endOffsets(BATCH_INPUT, 2));
    }

    @Test
    void aTransactionalMethodTheHandlerCallsJoinsTheListenersTransactionAndItsRollbackAbortsIt() throws Exception {
        List<String> inputs = IntStream.range(0, 100).mapToObj(i -> i == 60 ? "veto-60" : "j-" + i).toList();
        produce(JOINING_INPUT, inputs);

        List<String> expected = inputs.stream().filter(value -> !value.startsWith("veto")).map(value -> value + "-out")
                .toList();
        assertThat(awaitValues(JOINING_OUTPUT, 1, expected.size())).as("read_committed output, in order")
                .containsExactlyElementsOf(expected);
        assertThat(awaitMessages(JOINING_INPUT + ".DLT", 1, 1)).singleElement()
                .extracting(Message::valueAsString).isEqualTo("veto-60");
        assertThat(awaitCommittedOffsets("txn-recorder", JOINING_INPUT, 1)).isEqualTo(endOffsets(JOINING_INPUT, 1));
        assertThat(ledger.committedValues()).as("after-commit callbacks: once per committed value, when Kafka committed")
                .containsExactlyElementsOf(inputs.stream().filter(value -> !value.startsWith("veto")).toList());
    }

    @Test
    void membersJoiningAndLeavingMidStreamLeaveEachOutputOnce() throws Exception {
        List<String> inputs = IntStream.range(0, 3000).mapToObj(i -> "r-" + i).toList();
        produce(REBALANCING_INPUT, inputs);

        awaitCalls(300);
        registry.start("copier-peer"); // a rebalance: partitions move to the new member
        awaitCalls(1200);
        registry.stop("copier-peer"); // and back
        assertThat(awaitValues(REBALANCING_OUTPUT, 4, inputs.size())).as("read_committed output, each once")
                .hasSize(inputs.size()).containsExactlyInAnyOrderElementsOf(inputs);
        assertThat(awaitCommittedOffsets("txn-copier", REBALANCING_INPUT, 4))
                .isEqualTo(endOffsets(REBALANCING_INPUT, 4));
        System.out.printf("transactional listeners through two rebalances: %d inputs, %d handler calls%n",
                inputs.size(), copier.calls.get());
    }

    private void awaitCalls(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (copier.calls.get() < calls) {
            assertThat(System.nanoTime()).as("%d handler calls within %s", calls, WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void produce(String topic, List<String> values) {
        try (Writer writer = new Writer(WriterConfig.builder().brokers(KAFKA.bootstrapServers().split(","))
                .topic(topic).build())) {
            writer.writeMessages(values.stream().map(value -> Message.of(value, value)).toList());
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            specs.put(new TopicPartition(topic, p), OffsetSpec.LATEST);
        }
        return client.listOffsets(specs);
    }

    private Map<TopicPartition, Long> awaitCommittedOffsets(String group, String topic, int partitions)
            throws InterruptedException {
        Map<TopicPartition, Long> end = endOffsets(topic, partitions);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<TopicPartition, Long> committed = client.fetchOffsets(group);
        while (!committed.equals(end) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            committed = client.fetchOffsets(group);
        }
        return committed;
    }

    private static List<String> awaitValues(String topic, int partitions, int expected) throws InterruptedException {
        return awaitMessages(topic, partitions, expected).stream().map(Message::valueAsString).toList();
    }

    private static List<Message> awaitMessages(String topic, int partitions, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Message> messages = messages(topic, partitions, IsolationLevel.READ_COMMITTED);
        while (messages.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            messages = messages(topic, partitions, IsolationLevel.READ_COMMITTED);
        }
        Thread.sleep(1000); // anything committed beyond what was expected shows up now
        return messages(topic, partitions, IsolationLevel.READ_COMMITTED);
    }

    private static List<String> values(String topic, int partitions, IsolationLevel isolation) {
        return messages(topic, partitions, isolation).stream().map(Message::valueAsString).toList();
    }

    /** Every message of the topic, read to its end (its last stable offset with read_committed). */
    private static List<Message> messages(String topic, int partitions, IsolationLevel isolation) {
        List<Message> messages = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            try (Reader reader = new Reader(ReaderConfig.builder().brokers(KAFKA.bootstrapServers().split(","))
                    .topic(topic).partition(p).isolationLevel(isolation).maxWait(Duration.ofMillis(200)).build())) {
                while (true) {
                    try {
                        messages.add(reader.readMessage(Duration.ofMillis(1500)));
                    } catch (KafkaTimeoutException e) {
                        break;
                    }
                }
            }
        }
        return messages;
    }
}
