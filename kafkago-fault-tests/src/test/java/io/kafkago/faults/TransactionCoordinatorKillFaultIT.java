package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.KafkaException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.Message;
import io.kafkago.Transaction;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 16: the broker coordinating a transactional Writer's transactions is SIGKILLed while the Writer runs
 * transaction after transaction (10 messages to 3 partitions each), and restarted later. Until another broker leads
 * the id's {@code __transaction_state} partition, begin, add-partition and commit requests meet refused connections,
 * NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS; the Writer retries them within its delivery timeout. Every
 * transaction must end one of three ways the application can tell apart: committed (all its messages visible to
 * read_committed readers, once), aborted with {@link KafkaTransactionAbortedException} (none visible), or failed with
 * another typed error whose outcome is unknown (all or none visible, never a part, never twice).
 */
class TransactionCoordinatorKillFaultIT {

    private static final int PARTITIONS = 3;
    private static final int MESSAGES_PER_TRANSACTION = 10;
    private static final int PROGRESS_TRANSACTIONS = 100;
    private static final Duration PROGRESS = Duration.ofMinutes(2);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("txn-coordinator-kill");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    /** What became of each transaction, by the ids of its messages. */
    private final Map<String, List<String>> committed = new ConcurrentHashMap<>();
    private final Map<String, List<String>> aborted = new ConcurrentHashMap<>();
    private final Map<String, List<String>> unknown = new ConcurrentHashMap<>();
    private final AtomicInteger commits = new AtomicInteger();

    @Test
    void everyTransactionCommitsWholeOrAbortsWholeThroughAKilledCoordinator() throws InterruptedException {
        String transactionalId = topic + "-tx";
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> unexpected = new ArrayList<>();
        try (Writer writer = new Writer(WriterConfig.builder().brokers(cluster.bootstrapServers().split(","))
                .topic(topic).transactionalId(transactionalId).build())) {
            Thread transactions = new Thread(() -> {
                try {
                    runTransactions(writer, running);
                } catch (Throwable e) {
                    synchronized (unexpected) {
                        unexpected.add(e);
                    }
                }
            }, "transactions");
            transactions.start();
            awaitCommits(PROGRESS_TRANSACTIONS);
            int coordinator = cluster.transactionCoordinatorOf(transactionalId);
            cluster.kill(coordinator);
            awaitCommits(PROGRESS_TRANSACTIONS); // transactions go on with the new coordinator
            cluster.restart(coordinator);
            awaitCommits(PROGRESS_TRANSACTIONS);
            running.set(false);
            transactions.join(PROGRESS.toMillis());
            assertThat(transactions.isAlive()).as("the transaction loop ended").isFalse();
            System.out.printf("transaction coordinator kill (broker %d): %d committed, %d aborted, %d unknown%n",
                    coordinator, committed.size(), aborted.size(), unknown.size());
        }
        assertThat(unexpected).as("errors that are not KafkaExceptions").isEmpty();

        Map<String, Integer> visible = TopicValues.count(cluster.directBootstrapServers(), topic,
                "read_committed");
        List<String> duplicated = visible.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        assertThat(duplicated).as("messages visible more than once").isEmpty();
        for (Map.Entry<String, List<String>> transaction : committed.entrySet()) {
            assertThat(visible.keySet()).as("messages of committed transaction %s", transaction.getKey())
                    .containsAll(transaction.getValue());
        }
        for (Map.Entry<String, List<String>> transaction : aborted.entrySet()) {
            assertThat(visible.keySet()).as("messages of aborted transaction %s", transaction.getKey())
                    .doesNotContainAnyElementsOf(transaction.getValue());
        }
        for (Map.Entry<String, List<String>> transaction : unknown.entrySet()) {
            long seen = transaction.getValue().stream().filter(visible::containsKey).count();
            assertThat(seen).as("messages visible of transaction %s whose outcome was unknown: all or none",
                    transaction.getKey()).isIn(0L, (long) MESSAGES_PER_TRANSACTION);
        }
        Set<String> written = committed.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        unknown.values().forEach(written::addAll);
        assertThat(written).as("every visible message was written by a committed or unknown transaction")
                .containsAll(visible.keySet());
    }

    private void runTransactions(Writer writer, AtomicBoolean running) {
        for (int number = 0; running.get(); number++) {
            String name = "t" + number;
            List<String> ids = new ArrayList<>(MESSAGES_PER_TRANSACTION);
            for (int i = 0; i < MESSAGES_PER_TRANSACTION; i++) {
                ids.add(name + "-m" + i);
            }
            try (Transaction transaction = writer.beginTransaction()) {
                for (String id : ids) {
                    transaction.writeMessages(Message.of(id, id));
                }
                transaction.commit();
                committed.put(name, ids);
                commits.incrementAndGet();
            } catch (KafkaTransactionAbortedException e) {
                aborted.put(name, ids);
            } catch (KafkaException e) {
                // begin, a write or the commit failed in some other typed way: close() aborted what it could
                unknown.put(name, ids);
            }
        }
    }

    private void awaitCommits(int more) {
        int target = commits.get() + more;
        Await.until(PROGRESS, target + " committed transactions", () -> commits.get() >= target);
    }
}
