package io.kafkago.faults;

import io.kafkago.Header;
import io.kafkago.KafkaException;
import io.kafkago.Message;
import io.kafkago.WriteException;
import io.kafkago.Writer;
import io.kafkago.test.fault.DeliveryChecker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An application writing through a {@link Writer} while a scenario breaks brokers: each thread hands over calls of
 * {@code messagesPerCall} messages, synchronously or asynchronously, until stopped, and tells the
 * {@link DeliveryChecker} what was acknowledged and what failed. Each thread's ids carry its own increasing
 * sequence, so the checker sees reordering within a partition.
 *
 * <p>Two kinds of thread: <em>spread</em> threads key each message by its id, so the balancer spreads every call over
 * all partitions (one stuck partition holds up the whole call); <em>pinned</em> threads, one per partition and mode,
 * send every call to their own partition, so the load counts what was acknowledged per partition and a scenario can
 * show that partitions on healthy brokers keep going while another broker is stuck.
 *
 * <p>Each thread hands over at most {@link Builder#messagesPerSecond(int)} messages a second, as an application with a
 * steady input would; the Writer alone would take hundreds of thousands a second, more than a scenario needs to show
 * progress and more than the checker should have to read back. A thread that fell behind (its writes were stuck)
 * goes on at its rate without catching up.
 *
 * <p>Ids are the message values, or, with {@link Builder#valueBytes(int)} set, they go in the checker's header and
 * the values are that many bytes of filler (for scenarios about bandwidth).
 *
 * <p>Progress is measured in acknowledged messages, never in time: a scenario waits until the application has made
 * progress after a fault ({@link #awaitAcknowledged}, {@link #awaitAcknowledgedOn}), with a generous bound only
 * against a hang. Every error a thread sees must be a {@link KafkaException}; anything else ends the scenario.
 */
final class ProducerLoad implements AutoCloseable {

    /** Asynchronous calls one thread keeps unanswered at most (the rest block, like a bounded application). */
    private static final int ASYNC_CALLS_IN_FLIGHT = 20;
    /** Partition of spread threads' messages: the balancer's choice. */
    private static final int SPREAD = Message.UNSET;

    /** How a thread hands its messages over. */
    enum Mode { SYNC, ASYNC }

    private final Writer writer;
    private final DeliveryChecker checker;
    private final int messagesPerCall;
    private final long callIntervalNanos;
    private final byte[] filler;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<CompletableFuture<Void>> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    /** Failures by exception type and message, for the scenario's report. */
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();
    /** Failures by the types of the error and its causes, as "Outer < Cause < ...". */
    private final ConcurrentHashMap<String, Integer> failureTypes = new ConcurrentHashMap<>();
    /** Ids of failed messages the Writer said were certainly not written ({@code mayHaveBeenWritten()} false). */
    private final Set<String> reportedNotWritten = ConcurrentHashMap.newKeySet();
    /** Messages of pinned threads acknowledged, by partition. */
    private final ConcurrentHashMap<Integer, LongAdder> acknowledgedByPartition = new ConcurrentHashMap<>();

    private ProducerLoad(Writer writer, DeliveryChecker checker, int messagesPerCall, int messagesPerSecond,
            int valueBytes) {
        this.writer = writer;
        this.checker = checker;
        this.messagesPerCall = messagesPerCall;
        this.callIntervalNanos = TimeUnit.SECONDS.toNanos(messagesPerCall) / messagesPerSecond;
        this.filler = valueBytes > 0 ? fillerOf(valueBytes) : null;
    }

    private static byte[] fillerOf(int bytes) {
        byte[] filler = new byte[bytes];
        Arrays.fill(filler, (byte) 'x');
        return filler;
    }

    /** A load on {@code writer} reporting to {@code checker}; choose its threads, then {@link Builder#start()}. */
    static Builder on(Writer writer, DeliveryChecker checker) {
        return new Builder(writer, checker);
    }

    /** The shape of a load. */
    static final class Builder {
        private final Writer writer;
        private final DeliveryChecker checker;
        private int messagesPerCall = 100;
        private int messagesPerSecond = 1_000;
        private int valueBytes;
        private final List<Mode> spread = new ArrayList<>();
        private final List<Mode> pinned = new ArrayList<>();
        private int pinnedPartitions;

        private Builder(Writer writer, DeliveryChecker checker) {
            this.writer = writer;
            this.checker = checker;
        }

        /** Messages per write call; default 100. */
        Builder messagesPerCall(int count) {
            this.messagesPerCall = count;
            return this;
        }

        /** Most messages one thread hands over per second; default 1,000. */
        Builder messagesPerSecond(int rate) {
            this.messagesPerSecond = rate;
            return this;
        }

        /** Values of this many filler bytes, the ids in the checker's header (it must read one); default: ids. */
        Builder valueBytes(int bytes) {
            if (checker.idHeader() == null) {
                throw new IllegalArgumentException("filler values need a checker that reads ids from a header");
            }
            this.valueBytes = bytes;
            return this;
        }

        /** {@code threads} spread threads per mode in {@code modes}. */
        Builder spread(int threads, Mode... modes) {
            for (int i = 0; i < threads; i++) {
                spread.addAll(List.of(modes));
            }
            return this;
        }

        /** One pinned thread per partition {@code 0..partitions-1} and mode in {@code modes}. */
        Builder pinned(int partitions, Mode... modes) {
            this.pinnedPartitions = partitions;
            pinned.addAll(List.of(modes));
            return this;
        }

        ProducerLoad start() {
            ProducerLoad load = new ProducerLoad(writer, checker, messagesPerCall, messagesPerSecond,
                    valueBytes);
            for (int i = 0; i < spread.size(); i++) {
                Mode mode = spread.get(i);
                load.startThread(mode.name().toLowerCase() + "-" + i, mode, SPREAD);
            }
            for (int partition = 0; partition < pinnedPartitions; partition++) {
                load.acknowledgedByPartition.put(partition, new LongAdder());
                for (Mode mode : pinned) {
                    load.startThread("p" + partition + "-" + mode.name().toLowerCase(), mode, partition);
                }
            }
            return load;
        }
    }

    private void startThread(String producer, Mode mode, int partition) {
        Runnable body = mode == Mode.SYNC ? () -> writeSync(producer, partition)
                : () -> writeAsync(producer, partition);
        threads.add(CompletableFuture.runAsync(guarded(body), runnable -> {
            Thread thread = new Thread(runnable, "producer-" + producer);
            thread.setDaemon(true);
            thread.start();
        }));
    }

    private Runnable guarded(Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable e) {
                unexpected.add(e);
            }
        };
    }

    private Message[] nextCall(String producer, int partition, List<String> ids) {
        Message[] call = new Message[messagesPerCall];
        for (int i = 0; i < messagesPerCall; i++) {
            String id = checker.nextId(producer);
            ids.add(id);
            Message message = filler == null ? Message.of(id, id) : Message.of(id.getBytes(StandardCharsets.UTF_8),
                    filler).withHeaders(Header.of(checker.idHeader(), id));
            call[i] = partition == SPREAD ? message : message.withPartition(partition);
        }
        return call;
    }

    /** Waits for the thread's next call slot; returns the one after it. */
    private long pace(long slotNanos) {
        long now = System.nanoTime();
        if (slotNanos - now > 0) {
            LockSupport.parkNanos(slotNanos - now);
            return slotNanos + callIntervalNanos;
        }
        return now + callIntervalNanos; // behind: go on from now instead of catching up in a burst
    }

    private void writeSync(String producer, int partition) {
        long slot = System.nanoTime();
        while (running.get()) {
            slot = pace(slot);
            List<String> ids = new ArrayList<>(messagesPerCall);
            Message[] call = nextCall(producer, partition, ids);
            try {
                writer.writeMessages(call);
                acknowledged(ids, partition);
            } catch (WriteException e) {
                settle(ids, partition, e);
            } catch (KafkaException e) {
                record(e);
                ids.forEach(checker::failed);
            }
        }
    }

    private void writeAsync(String producer, int partition) {
        Semaphore inFlight = new Semaphore(ASYNC_CALLS_IN_FLIGHT);
        long slot = System.nanoTime();
        while (running.get()) {
            slot = pace(slot);
            List<String> ids = new ArrayList<>(messagesPerCall);
            Message[] call = nextCall(producer, partition, ids);
            inFlight.acquireUninterruptibly();
            writer.writeMessagesAsync(call).whenComplete((ignored, error) -> {
                if (error == null) {
                    acknowledged(ids, partition);
                } else if (error instanceof WriteException failure) {
                    settle(ids, partition, failure);
                } else if (error instanceof KafkaException failure) {
                    record(failure);
                    ids.forEach(checker::failed);
                } else {
                    unexpected.add(error);
                    ids.forEach(checker::failed);
                }
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(ASYNC_CALLS_IN_FLIGHT); // every call of this thread has an outcome
    }

    private void acknowledged(List<String> ids, int partition) {
        ids.forEach(checker::acknowledged);
        if (partition != SPREAD) {
            acknowledgedByPartition.get(partition).add(ids.size());
        }
    }

    private void settle(List<String> ids, int partition, WriteException failure) {
        boolean[] failed = new boolean[ids.size()];
        for (WriteException.MessageError error : failure.errors()) {
            failed[error.index()] = true;
            record(error.error());
            if (!error.mayHaveBeenWritten()) {
                reportedNotWritten.add(ids.get(error.index()));
            }
        }
        List<String> written = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (failed[i]) {
                checker.failed(ids.get(i));
            } else {
                written.add(ids.get(i));
            }
        }
        acknowledged(written, partition);
    }

    private void record(KafkaException error) {
        failures.merge(error.getClass().getSimpleName() + ": " + error.getMessage(), 1, Integer::sum);
        StringBuilder types = new StringBuilder(error.getClass().getSimpleName());
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            types.append(" < ").append(cause.getClass().getSimpleName());
        }
        failureTypes.merge(types.toString(), 1, Integer::sum);
    }

    /** Waits until {@code more} messages beyond those acknowledged now are acknowledged. */
    void awaitAcknowledged(int more, Duration bound) {
        int total = checker.acknowledgedCount() + more;
        awaitCondition(() -> checker.acknowledgedCount() >= total, bound,
                () -> total + " acknowledged messages (have " + checker.acknowledgedCount() + ")");
    }

    /** Waits until pinned threads have {@code more} messages for {@code partition} acknowledged than now. */
    void awaitAcknowledgedOn(int partition, long more, Duration bound) {
        long total = acknowledgedOn(partition) + more;
        awaitCondition(() -> acknowledgedOn(partition) >= total, bound,
                () -> total + " acknowledged messages on partition " + partition + " (have " + acknowledgedByPartition()
                        + ")");
    }

    /** Messages of pinned threads acknowledged on {@code partition} so far. */
    long acknowledgedOn(int partition) {
        LongAdder count = acknowledgedByPartition.get(partition);
        if (count == null) {
            throw new IllegalArgumentException("no pinned thread writes to partition " + partition);
        }
        return count.sum();
    }

    /** Messages of pinned threads acknowledged so far, by partition. */
    Map<Integer, Long> acknowledgedByPartition() {
        Map<Integer, Long> counts = new TreeMap<>();
        acknowledgedByPartition.forEach((partition, count) -> counts.put(partition, count.sum()));
        return counts;
    }

    private void awaitCondition(BooleanSupplier condition, Duration bound, Supplier<String> what) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (!unexpected.isEmpty()) {
                throw new AssertionError("a producer thread failed unexpectedly", unexpected.peek());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no progress within " + bound + ": waiting for " + what.get()
                        + ", failures " + failures);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The checker this load reports to. */
    DeliveryChecker checker() {
        return checker;
    }

    /** Ids of failed messages the Writer reported as certainly not written. */
    Set<String> reportedNotWritten() {
        return Set.copyOf(reportedNotWritten);
    }

    /** Failed messages by error, as "Type: message" → count. */
    Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    /** Failed messages by the types of their error and its causes, as "Outer < Cause < ..." → count. */
    Map<String, Integer> failureTypes() {
        return Map.copyOf(failureTypes);
    }

    /** Stops handing over new calls and waits until every call made has an outcome. */
    @Override
    public void close() {
        if (running.getAndSet(false)) {
            CompletableFuture.allOf(threads.toArray(new CompletableFuture<?>[0])).join();
        }
        if (!unexpected.isEmpty()) {
            throw new AssertionError("a producer thread failed unexpectedly", unexpected.peek());
        }
    }
}
