package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.internal.conn.ConnEngine;
import io.kafkago.internal.conn.DialerEngine;
import io.kafkago.protocol.record.RecordBatchReader;
import io.kafkago.protocol.record.RecordBatchView;
import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The transactional Writer against a real broker, checked with kafka-clients consumers: committed transactions are
 * visible to read_committed readers, aborted ones never, offsets committed in a transaction move the group with it,
 * and a second producer with the same transactional id fences the first. The scenarios run twice: here on a cluster
 * with transaction version 2 (KIP-890, the default of Kafka 4.x), in {@link ClassicTransactionIT} with version 1.
 */
abstract class TransactionScenarios {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The cluster the scenarios run against. */
    abstract KafkaTestCluster kafka();

    /** The transaction.version the cluster must have finalized for the scenarios to test what they claim. */
    abstract short expectedTransactionVersion();

    @Test
    void theClusterHasTheTransactionVersionTheseScenariosAreAbout() throws Exception {
        try (Admin admin = Admin.create(kafka().clientProperties())) {
            FinalizedVersionRange level = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                    .finalizedFeatures().get("transaction.version");
            assertThat(level == null ? 0 : level.maxVersionLevel()).isEqualTo(expectedTransactionVersion());
        }
    }

    private WriterConfig.Builder transactional(String topic, String transactionalId) {
        return WriterConfig.builder().brokers(kafka().bootstrapServers().split(",")).topic(topic)
                .transactionalId(transactionalId);
    }

    private static Message message(String value) {
        return Message.of(value);
    }

    @Test
    void committedTransactionsAreVisibleToReadCommittedReadersAndAbortedOnesNever() {
        String topic = kafka().createUniqueTopic("txn-visibility", 3);
        try (Writer writer = new Writer(transactional(topic, topic + "-tx").build())) {
            try (Transaction tx = writer.beginTransaction()) {
                tx.writeMessages(message("c1-a"), message("c1-b"), message("c1-c"));
                tx.commit();
            }
            try (Transaction tx = writer.beginTransaction()) {
                tx.writeMessages(message("a1-a"), message("a1-b"));
                tx.abort();
            }
            writer.inTransaction(tx -> tx.writeMessages(message("c2-a")));
            try (Transaction tx = writer.beginTransaction()) {
                tx.writeMessages(message("a2-a"));
                // closed without commit: aborted
            }
        }
        assertThat(values(topic, "read_committed", 4)).containsExactlyInAnyOrder("c1-a", "c1-b", "c1-c", "c2-a");
        assertThat(values(topic, "read_uncommitted", 7)).containsExactlyInAnyOrder("c1-a", "c1-b", "c1-c", "a1-a",
                "a1-b", "c2-a", "a2-a");
    }

    @Test
    void aSharedWritersWritesOnAThreadBoundToAnotherWritersTransactionJoinThatTransaction() throws Exception {
        String topic = kafka().createUniqueTopic("txn-binding", 2);
        ThreadLocal<Transaction> bound = new ThreadLocal<>();
        try (Writer threadProducer = new Writer(transactional(null, topic + "-tx").async(true).build());
                Writer shared = new Writer(WriterConfig.builder().brokers(kafka().bootstrapServers().split(","))
                        .topic(topic).transactionBinding(bound::get).build());
                Writer own = new Writer(transactional(topic, topic + "-own").transactionBinding(bound::get).build())) {
            try (Transaction tx = threadProducer.beginTransaction()) {
                bound.set(tx);
                shared.writeMessages(message("committed-sync"));
                shared.writeMessagesAsync(message("committed-async"));
                assertThatThrownBy(() -> shared.writeMessages(message("elsewhere").withTopic("other")))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set the topic in one place");
                Thread other = new Thread(() -> shared.writeMessages(message("unbound")));
                other.start();
                other.join();
                tx.commit();
            } finally {
                bound.remove();
            }
            try (Transaction tx = threadProducer.beginTransaction()) {
                bound.set(tx);
                shared.writeMessages(message("aborted")); // made as the transaction's (async) Writer makes writes
                shared.flush(); // flushes the producer that took the thread's writes
                // a transaction of a Writer's own takes its writes, whatever the thread is bound to
                own.inTransaction(ownTransaction -> ownTransaction.writeMessages(message("own-committed")));
                tx.abort();
            } finally {
                bound.remove();
            }
            shared.writeMessages(message("after"));
        }
        assertThat(values(topic, "read_committed", 5)).containsExactlyInAnyOrder("committed-sync", "committed-async",
                "unbound", "own-committed", "after");
        assertThat(values(topic, "read_uncommitted", 6)).contains("aborted");
    }

    @Test
    void transactionVersionTwoBumpsTheEpochPerTransactionAndVersionOneKeepsIt() {
        String topic = kafka().createUniqueTopic("txn-epochs", 1);
        try (Writer writer = new Writer(transactional(topic, topic + "-tx").build())) {
            writer.inTransaction(tx -> tx.writeMessages(message("first")));
            writer.inTransaction(tx -> tx.writeMessages(message("second")));
        }
        List<Short> epochs = new ArrayList<>();
        try (ConnEngine leader = new DialerEngine(Dialer.defaultDialer())
                .dialLeader(kafka().bootstrapServers().split(",")[0], topic, 0)) {
            ConnEngine.FetchedRecords fetched = leader.fetch(0, 1, 1 << 20, 1000, IsolationLevel.READ_UNCOMMITTED,
                    TimeUnit.SECONDS.toNanos(30));
            RecordBatchReader batches = new RecordBatchReader().reset(fetched.records());
            for (RecordBatchView batch; (batch = batches.nextBatch()) != null; ) {
                if (!batch.isControl()) {
                    assertThat(batch.isTransactional()).isTrue();
                    epochs.add(batch.producerEpoch());
                }
            }
        }
        assertThat(epochs).hasSize(2);
        if (expectedTransactionVersion() >= 2) {
            assertThat(epochs.get(1)).as("EndTxn v5 bumped the epoch").isGreaterThan(epochs.get(0));
        } else {
            assertThat(epochs.get(1)).as("the classic protocol keeps the epoch").isEqualTo(epochs.get(0));
        }
    }

    @Test
    void aTransactionalWriterRefusesWritesOutsideATransactionAndASecondOpenTransaction() {
        String topic = kafka().createUniqueTopic("txn-refusals", 1);
        try (Writer writer = new Writer(transactional(topic, topic + "-tx").build())) {
            assertThatThrownBy(() -> writer.writeMessages(message("outside"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("beginTransaction");
            try (Transaction tx = writer.beginTransaction()) {
                assertThatThrownBy(writer::beginTransaction).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("one transaction at a time");
                writer.writeMessages(message("joins the open transaction"));
                tx.commit();
                assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
            }
        }
        try (Writer plain = new Writer(WriterConfig.builder().brokers(kafka().bootstrapServers().split(","))
                .topic(topic).build())) {
            assertThatThrownBy(plain::beginTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("transactionalId");
        }
        assertThat(values(topic, "read_committed", 1)).containsExactly("joins the open transaction");
    }

    @Test
    void aSecondWriterWithTheSameIdFencesTheFirstWhoseOpenTransactionIsAborted() {
        String topic = kafka().createUniqueTopic("txn-fencing", 1);
        String id = topic + "-tx";
        try (Writer zombie = new Writer(transactional(topic, id).build())) {
            Transaction zombieTx = zombie.beginTransaction();
            zombieTx.writeMessages(message("zombie"));
            try (Writer successor = new Writer(transactional(topic, id).build())) {
                successor.inTransaction(tx -> tx.writeMessages(message("successor")));
                assertThatThrownBy(zombieTx::commit).isInstanceOf(KafkaFencedException.class);
                assertThatThrownBy(zombie::beginTransaction).isInstanceOf(KafkaFencedException.class);
                successor.inTransaction(tx -> tx.writeMessages(message("successor-2")));
            }
        }
        assertThat(values(topic, "read_committed", 2)).containsExactly("successor", "successor-2");
    }

    /** The group protocols the cluster serves; offsets are committed in transactions by members of each. */
    List<GroupProtocol> groupProtocols() {
        return List.of(GroupProtocol.CLASSIC, GroupProtocol.CONSUMER);
    }

    @TestFactory
    Stream<DynamicTest> offsetsCommittedInATransactionMoveTheGroupOnlyWhenItCommits() {
        return groupProtocols().stream().map(protocol -> DynamicTest.dynamicTest(protocol.name(),
                () -> offsetsCommittedInATransactionMoveTheGroupOnlyWhenItCommits(protocol)));
    }

    private void offsetsCommittedInATransactionMoveTheGroupOnlyWhenItCommits(GroupProtocol protocol) throws Exception {
        String input = kafka().createUniqueTopic("txn-input", 1);
        String output = kafka().createUniqueTopic("txn-output", 1);
        String group = input + "-g";
        ReaderTestSupport.produce(kafka(), input, 0, 0, 10);
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(kafka().bootstrapServers().split(","))
                .topic(input).groupId(group).groupProtocol(protocol).heartbeatInterval(Duration.ofMillis(300))
                .sessionTimeout(Duration.ofSeconds(10)).maxWait(Duration.ofMillis(200)).build());
             Writer writer = new Writer(transactional(output, output + "-tx").build())) {
            List<Message> firstFive = fetch(reader, 5);
            try (Transaction tx = writer.beginTransaction()) {
                for (Message in : firstFive) {
                    tx.writeMessages(message("out-" + in.valueAsString()));
                }
                tx.commitMessages(reader, firstFive);
                tx.commit();
            }
            assertThat(committed(group, input)).isEqualTo(5);

            List<Message> nextFive = fetch(reader, 5);
            try (Transaction tx = writer.beginTransaction()) {
                tx.writeMessages(message("never"));
                tx.commitMessages(reader, nextFive);
                tx.abort();
            }
            assertThat(committed(group, input)).as("the aborted transaction's offsets are dropped").isEqualTo(5);
        }
        assertThat(values(output, "read_committed", 5)).containsExactly("out-value-0", "out-value-1", "out-value-2",
                "out-value-3", "out-value-4");
    }

    @Test
    void aTransactionWithAFailedWriteAbortsOnCommitAndTheNextOneCommits() {
        String topic = kafka().createUniqueTopic("txn-failed-write", 1);
        try (Writer writer = new Writer(transactional(topic, topic + "-tx").build())) {
            try (Transaction tx = writer.beginTransaction()) {
                tx.writeMessages(message("lost-with-the-abort"));
                assertThatThrownBy(() -> tx.writeMessages(message("no such partition").withPartition(7)))
                        .isInstanceOf(WriteException.class);
                assertThatThrownBy(tx::commit).isInstanceOf(KafkaTransactionAbortedException.class)
                        .hasMessageContaining("partition 7");
            }
            writer.inTransaction(tx -> tx.writeMessages(message("after")));
        }
        assertThat(values(topic, "read_committed", 1)).containsExactly("after");
        assertThat(values(topic, "read_uncommitted", 2)).containsExactly("lost-with-the-abort", "after");
    }

    @Test
    void aTransactionPastItsTimeoutIsAbortedByTheCoordinatorAndTheWriterGoesOn() {
        String topic = kafka().createUniqueTopic("txn-timeout", 1);
        try (Writer writer = new Writer(transactional(topic, topic + "-tx")
                .transactionTimeout(Duration.ofSeconds(1)).build())) {
            Transaction expired = writer.beginTransaction();
            expired.writeMessages(message("expired"));
            try (Admin admin = Admin.create(kafka().clientProperties())) {
                // the last stable offset stays at the open transaction's first record until the transaction ends
                Await.until(WAIT, "the coordinator to abort the transaction past its timeout",
                        () -> lastStableOffset(admin, topic) > 0);
            }
            if (expectedTransactionVersion() >= 2) {
                assertThatThrownBy(expired::commit).isInstanceOf(KafkaTransactionAbortedException.class);
                writer.inTransaction(tx -> tx.writeMessages(message("after the timeout")));
            } else {
                // the classic coordinator answers PRODUCER_FENCED, as to a zombie: the Writer is finished
                assertThatThrownBy(expired::commit).isInstanceOf(KafkaFencedException.class);
                try (Writer successor = new Writer(transactional(topic, topic + "-tx").build())) {
                    successor.inTransaction(tx -> tx.writeMessages(message("after the timeout")));
                }
            }
        }
        assertThat(values(topic, "read_committed", 1)).containsExactly("after the timeout");
    }

    @Test
    void aPartitionModeReaderCannotCommitInATransaction() {
        String topic = kafka().createUniqueTopic("txn-partition-reader", 1);
        try (Reader reader = new Reader(ReaderTestSupport.partitionReader(kafka(), topic, 0).build());
             Writer writer = new Writer(transactional(topic, topic + "-tx").build());
             Transaction tx = writer.beginTransaction()) {
            assertThatThrownBy(() -> tx.commitMessages(reader, List.of()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("consumer group");
            assertThatThrownBy(tx::commit).isInstanceOf(KafkaTransactionAbortedException.class);
        }
    }

    private static long lastStableOffset(Admin admin, String topic) {
        org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(topic, 0);
        try {
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()),
                    new ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new AssertionError("cannot read the last stable offset of " + partition, e);
        }
    }

    private static List<Message> fetch(Reader reader, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(reader.fetchMessage(WAIT));
        }
        return messages;
    }

    private long committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka().clientProperties())) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new org.apache.kafka.common.TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    /** Every value of {@code topic} as a kafka-clients consumer with {@code isolation} sees it. */
    private List<String> values(String topic, String isolation, int expected) {
        Map<String, Object> properties = new HashMap<>(kafka().clientProperties());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : WriterReadBack.readAll(properties, topic, expected)) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }
}
