package io.kafkago.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.KafkaException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.Writer;
import io.kafkago.test.Await;
import io.kafkago.test.TestTopics;
import io.kafkago.test.fault.DeliveryChecker;
import io.kafkago.test.fault.DeliveryReport;
import io.kafkago.test.fault.FaultProxy;
import io.kafkago.test.fault.KafkaProcessCluster;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenario 13: a broker answers with hostile bytes. It is the first bootstrap broker, whose connection every client
 * opens first and would ask for metadata. Its proxy rewrites every Produce, Metadata and Fetch response, in turn,
 * into random garbage, a frame cut to half its length, a size prefix of 2 GiB, and a body of 0xFF bytes that reads as
 * huge counts and lengths. The broker itself works: the writes reach its log, only their answers are hostile.
 *
 * <p>It proves:
 * <ul>
 *   <li>the Writer and two Readers report typed {@link KafkaException}s: the Writer's failures carry the protocol
 *       error that caused them; the Readers report {@link io.kafkago.KafkaProtocolException}s, one fetching a
 *       partition the hostile broker leads, the other, reading a healthy broker's partition, started during the
 *       fault with the hostile broker as its only bootstrap broker (so its metadata is hostile);</li>
 *   <li>memory stays bounded: the test JVM's heap is at most 512 MiB and it ends at the first OutOfMemoryError (see
 *       the module's pom), so nothing allocated what a hostile length announced;</li>
 *   <li>nothing is acknowledged wrongly: every acknowledged message is in the topic once, in order, and none reported
 *       as certainly not written is;</li>
 *   <li>once the proxy heals, writes are acknowledged again and both Readers read on without skipping or repeating
 *       an offset.</li>
 * </ul>
 *
 * <p>The Writer's delivery timeout is {@value #DELIVERY_TIMEOUT_SECONDS} s instead of 2 min: every answer of the
 * hostile broker is unreadable, so its partition's writes can only fail, and they should do so within the scenario.
 */
class HostileBrokerFaultIT {

    private static final int PARTITIONS = 3;
    private static final int DELIVERY_TIMEOUT_SECONDS = 10;
    private static final Duration PROGRESS = Duration.ofMinutes(2);
    private static final List<ApiKeys> HOSTILE_APIS = List.of(ApiKeys.PRODUCE, ApiKeys.METADATA, ApiKeys.FETCH);

    private KafkaProcessCluster cluster;
    private String topic;

    @BeforeEach
    void cluster() {
        cluster = FaultCluster.restored();
        topic = TestTopics.unique("hostile-broker");
        FaultCluster.createDurableTopic(cluster, topic, PARTITIONS);
    }

    @Test
    void hostileAnswersGiveTypedErrorsNoWrongAcknowledgementAndEverythingRecoversAfterTheHeal()
            throws InterruptedException {
        DeliveryChecker checker = DeliveryChecker.readingValues();
        // the first bootstrap broker: every client's first connection, so also its first choice for metadata
        int victim = cluster.brokerIds().get(0);
        FaultProxy proxy = cluster.proxy(victim);
        int hostilePartition = FaultCluster.partitionsLedBy(cluster, topic, PARTITIONS, victim).get(0);
        int healthyPartition = FaultCluster.partitionsNotLedBy(cluster, topic, PARTITIONS, victim).get(0);
        try (Writer writer = new Writer(FaultCluster.writerConfig(cluster, topic)
                .deliveryTimeout(Duration.ofSeconds(DELIVERY_TIMEOUT_SECONDS)).build());
             ProducerLoad load = ProducerLoad.on(writer, checker).spread(1, ProducerLoad.Mode.SYNC,
                     ProducerLoad.Mode.ASYNC).start();
             PartitionReader fetching = new PartitionReader(readerOf(hostilePartition,
                     cluster.bootstrapServers().split(",")))) {
            load.awaitAcknowledged(5_000, PROGRESS);
            fetching.awaitRead(1_000, PROGRESS);

            Map<ApiKeys, Long> responsesBefore = responsesByApi(proxy);
            int failedBefore = checker.failedCount();
            HOSTILE_APIS.forEach(api -> proxy.rewriteResponses(api.id, new HostileBytes()));
            // an application starting now, whose only bootstrap broker is the hostile one: its metadata is hostile
            try (PartitionReader starting = new PartitionReader(readerOf(healthyPartition, proxy.address()))) {
                Await.until(PROGRESS, "writes failed by the hostile broker",
                        () -> checker.failedCount() > failedBefore);
                fetching.awaitError(PROGRESS);
                starting.awaitError(PROGRESS);
                for (ApiKeys api : HOSTILE_APIS) { // every kind of hostile bytes in answer to every API
                    Await.until(PROGRESS, HostileBytes.KINDS + " hostile " + api + " responses",
                            () -> proxy.responses(api.id) - responsesBefore.get(api) >= HostileBytes.KINDS);
                }
                Map<ApiKeys, Long> hostileResponses = new EnumMap<>(ApiKeys.class);
                responsesByApi(proxy).forEach((api, count) -> hostileResponses.put(api,
                        count - responsesBefore.get(api)));

                proxy.heal();
                long fetchedAtHeal = fetching.read();
                load.awaitAcknowledged(5_000, PROGRESS);
                fetching.awaitRead(1_000, PROGRESS);
                starting.awaitRead(1_000, PROGRESS);

                load.close();
                System.out.printf("hostile broker: responses of broker %d rewritten %s; writer failures by type %s;"
                        + " errors of the fetching reader %s, %d messages read (%d before the heal); of the starting"
                        + " reader %s, %d read%n", victim, hostileResponses, load.failureTypes(), fetching.errors(),
                        fetching.read(), fetchedAtHeal, starting.errors(), starting.read());
                assertThat(load.failureTypes().keySet()).as("writer failures by the types of their error and causes")
                        .anySatisfy(types -> assertThat(types).contains("KafkaProtocolException"));
                for (PartitionReader reader : List.of(fetching, starting)) {
                    assertThat(reader.errors().keySet()).as("reader errors").contains("KafkaProtocolException");
                    assertThat(reader.misordered()).as("offsets the reader skipped or repeated").isEmpty();
                }
            }
            DeliveryReport report = FaultCluster.checkDelivery(cluster, topic, load, "hostile broker");
            assertThat(report.failed()).as("messages reported failed").isPositive();
        }
    }

    private ReaderConfig readerOf(int partition, String... brokers) {
        return ReaderConfig.builder().brokers(brokers).topic(topic).partition(partition).build();
    }

    /** The JVM this runs in must end at an allocation beyond a small heap, or the memory claim proves nothing. */
    @BeforeAll
    static void heapIsBounded() {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap limit of the test JVM (see the module's pom)")
                .isLessThanOrEqualTo(512L * 1024 * 1024);
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).as("test JVM options")
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    private static Map<ApiKeys, Long> responsesByApi(FaultProxy proxy) {
        Map<ApiKeys, Long> counts = new EnumMap<>(ApiKeys.class);
        HOSTILE_APIS.forEach(api -> counts.put(api, proxy.responses(api.id)));
        return counts;
    }

    /**
     * Turns each response into the next kind of hostile bytes, in turn; one instance per API, so that each API
     * gets every kind. The proxy calls it from several connection threads, hence the synchronization.
     */
    private static final class HostileBytes implements UnaryOperator<ByteBuffer> {

        static final int KINDS = 4;
        /** Where the body starts: after the size prefix and the correlation id, which stay as they were. */
        private static final int BODY = 8;

        private final Random random = new Random(13);
        private int responses;

        @Override
        public synchronized ByteBuffer apply(ByteBuffer frame) {
            int end = frame.limit();
            switch (responses++ % KINDS) {
                case 0 -> { // garbage: the framing holds, the body is noise
                    for (int i = BODY; i < end; i++) {
                        frame.put(i, (byte) random.nextInt());
                    }
                }
                case 1 -> { // a frame cut to half its length, its size prefix saying so
                    int cut = BODY + (end - BODY) / 2;
                    frame.putInt(0, cut - 4);
                    frame.limit(cut);
                }
                case 2 -> frame.putInt(0, Integer.MAX_VALUE); // a size prefix of 2 GiB before the real body
                default -> { // every count and length as large as its bytes allow
                    for (int i = BODY; i < end; i++) {
                        frame.put(i, (byte) 0xFF);
                    }
                }
            }
            return frame;
        }
    }

    /**
     * An application reading one partition with a {@link Reader} on a thread of its own: counts the messages,
     * notes every offset that does not follow the one before, and every error by type. A read that times out just
     * means nothing came; an exception that is not a {@link KafkaException} ends the scenario.
     */
    private static final class PartitionReader implements AutoCloseable {

        private static final Duration POLL = Duration.ofMillis(500);

        private final Reader reader;
        private final Thread thread;
        private final AtomicLong read = new AtomicLong();
        private final ConcurrentHashMap<String, Integer> errors = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<String> misordered = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;
        private long nextOffset;

        PartitionReader(ReaderConfig config) {
            reader = new Reader(config);
            thread = new Thread(this::readAll, "application-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void readAll() {
            while (running) {
                try {
                    Message message = reader.readMessage(POLL);
                    if (message.offset() != nextOffset) {
                        misordered.add(message.offset() + " after " + (nextOffset - 1));
                    }
                    nextOffset = message.offset() + 1;
                    read.incrementAndGet();
                } catch (KafkaTimeoutException e) {
                    // nothing arrived within POLL
                } catch (KafkaException e) {
                    errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                } catch (RuntimeException | Error e) {
                    if (running) {
                        unexpected.add(e);
                    }
                    return;
                }
            }
        }

        long read() {
            return read.get();
        }

        Map<String, Integer> errors() {
            return Map.copyOf(errors);
        }

        List<String> misordered() {
            return List.copyOf(misordered);
        }

        void awaitRead(long more, Duration bound) {
            long total = read() + more;
            await(bound, total + " messages read (have " + read() + ", errors " + errors + ")", () -> read() >= total);
        }

        void awaitError(Duration bound) {
            await(bound, "an error reported by the reader", () -> !errors.isEmpty());
        }

        private void await(Duration bound, String what, BooleanSupplier condition) {
            Await.until(bound, what, () -> {
                if (!unexpected.isEmpty()) {
                    throw new AssertionError("the reader failed unexpectedly", unexpected.peek());
                }
                return condition.getAsBoolean();
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            reader.close();
            thread.join();
            if (!unexpected.isEmpty()) {
                throw new AssertionError("the reader failed unexpectedly", unexpected.peek());
            }
        }
    }
}
