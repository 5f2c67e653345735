package io.kafkago.internal.writer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several threads write through one Writer (sync and async calls of 1 to 100 messages, spread over the
 * partitions of three simulated brokers) while every kind of {@link Fault} hits Produce requests at random;
 * then {@link DeliveryChecker} holds what the Writer said against the logs.
 *
 * <p>The run is seeded: the seed is printed, and {@code -Dsim.seed=<seed>} replays the same workload and the
 * same sequence of fault decisions. Thread timing still varies between runs, so which request meets which fault
 * may too; a replay reproduces a failure often, not always.
 */
class WriterChaosTest {

    private static final String TOPIC = "chaos";
    private static final int BROKERS = 3;
    private static final int PARTITIONS = 6;
    private static final int THREADS = 4;
    private static final int MAX_MESSAGES_PER_CALL = 100;
    private static final double FAULT_PROBABILITY = 0.15;
    /** Short, so failed batches give up within the run; the Writer must fail them within it. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);
    /** A small limit, so that batches also fail by attempts while connections are refused. */
    private static final int MAX_ATTEMPTS = 5;
    /** Room for thread scheduling on top of the delivery timeout: the hang detector's limit per call. */
    private static final Duration SCHEDULING_MARGIN = Duration.ofSeconds(1);
    /** The writer's request timeout is write + read timeout; a delayed response comes after it. */
    private static final Duration WRITER_IO_TIMEOUT = Duration.ofMillis(300);
    private static final Duration RESPONSE_DELAY = Duration.ofMillis(800);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void acknowledgedMessagesAreWrittenOnceAndInOrderAndEveryCallEndsInTime() throws Exception {
        long seed = Long.getLong("sim.seed", System.nanoTime());
        System.out.println("WriterChaosTest seed " + seed + " (replay with -Dsim.seed=" + seed + ")");
        Random random = new Random(seed);
        int callsPerThread = 50 + random.nextInt(51);
        long faultSeed = random.nextLong();
        DeliveryLedger ledger = new DeliveryLedger();
        DeliveryChecker.Report report;
        try (SimulatedCluster cluster = SimulatedCluster.builder().brokers(BROKERS).responseDelay(RESPONSE_DELAY).build()
                .createTopic(TOPIC, PARTITIONS)) {
            cluster.faults().random(faultSeed, FAULT_PROBABILITY, EnumSet.complementOf(EnumSet.of(Fault.NONE)));
            try (Writer writer = new Writer(writerConfig(cluster))) {
                ConcurrentLinkedQueue<CompletableFuture<Void>> asyncCalls = new ConcurrentLinkedQueue<>();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    WriterThread work = new WriterThread(t, new Random(random.nextLong()), callsPerThread, writer, ledger,
                            asyncCalls);
                    Thread thread = new Thread(work::run, "chaos-writer-" + t);
                    threads.add(thread);
                    thread.start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                awaitQuietly(asyncCalls);
            }
            cluster.faults().heal();
            List<List<LoggedBatch>> logs = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                logs.add(cluster.batches(TOPIC, p));
            }
            report = DeliveryChecker.check(ledger, logs, DELIVERY_TIMEOUT.plus(SCHEDULING_MARGIN));
            System.out.println("WriterChaosTest seed " + seed + ": " + report.summary() + "; faults injected: "
                    + cluster.faults().injected());
        }
        assertThat(report.violations()).as("violations with seed %d (replay with -Dsim.seed=%d)", seed, seed).isEmpty();
    }

    private static WriterConfig writerConfig(SimulatedCluster cluster) {
        return WriterConfig.builder().brokers(cluster.bootstrap()).topic(TOPIC)
                .deliveryTimeout(DELIVERY_TIMEOUT).maxAttempts(MAX_ATTEMPTS)
                .writeTimeout(WRITER_IO_TIMEOUT).readTimeout(WRITER_IO_TIMEOUT).dialTimeout(Duration.ofSeconds(1))
                .writeBackoffMin(Duration.ofMillis(20)).writeBackoffMax(Duration.ofMillis(200))
                .closeTimeout(DELIVERY_TIMEOUT.plus(SCHEDULING_MARGIN)).build();
    }

    /** Waits for the async calls a little longer than any may take; one that never ends is the checker's to report. */
    private static void awaitQuietly(ConcurrentLinkedQueue<CompletableFuture<Void>> calls) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]));
        try {
            all.get(DELIVERY_TIMEOUT.plus(SCHEDULING_MARGIN).toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
            // failures are recorded per call; a call still pending shows up as unsettled messages
        }
    }

    /** One writer thread's calls: sizes, modes and partitions drawn from its own seeded generator. */
    private record WriterThread(int id, Random random, int calls, Writer writer, DeliveryLedger ledger,
                                ConcurrentLinkedQueue<CompletableFuture<Void>> asyncCalls) {

        void run() {
            long order = 0;
            for (int c = 0; c < calls; c++) {
                int count = 1 + random.nextInt(MAX_MESSAGES_PER_CALL);
                Message[] messages = new Message[count];
                List<DeliveryLedger.Delivery> deliveries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String value = "t" + id + "-" + order;
                    int partition = random.nextInt(PARTITIONS);
                    messages[i] = Message.of(value).withPartition(partition);
                    deliveries.add(ledger.handOver(value, id, order++, partition));
                }
                boolean sync = random.nextBoolean();
                long started = System.nanoTime();
                if (sync) {
                    Throwable failure = null;
                    try {
                        writer.writeMessages(messages);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                    ledger.settle(deliveries, failure, true, System.nanoTime() - started);
                } else {
                    CompletableFuture<Void> call = writer.writeMessagesAsync(messages).whenComplete((ignored, failure) ->
                            ledger.settle(deliveries, failure, false, System.nanoTime() - started));
                    asyncCalls.add(call);
                }
            }
        }
    }
}
