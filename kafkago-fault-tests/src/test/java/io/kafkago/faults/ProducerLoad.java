package io.kafkago.faults;

import io.kafkago.KafkaException;
import io.kafkago.Message;
import io.kafkago.WriteException;
import io.kafkago.Writer;
import io.kafkago.test.fault.DeliveryChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * An application writing through a {@link Writer} while a scenario breaks brokers: each thread hands over calls of
 * {@code messagesPerCall} messages, synchronously or asynchronously, until stopped, and tells the
 * {@link DeliveryChecker} what was acknowledged and what failed. Keys spread the messages over the partitions; each
 * thread's ids carry its own increasing sequence, so the checker sees reordering within a partition.
 *
 * <p>Progress is measured in acknowledged messages, never in time: a scenario waits until the application has made
 * progress after a fault ({@link #awaitAcknowledged}), with a generous bound only against a hang.
 */
final class ProducerLoad implements AutoCloseable {

    /** Asynchronous calls one thread keeps unanswered at most (the rest block, like a bounded application). */
    private static final int ASYNC_CALLS_IN_FLIGHT = 20;

    /** How a thread hands its messages over. */
    enum Mode { SYNC, ASYNC }

    private final Writer writer;
    private final DeliveryChecker checker;
    private final int messagesPerCall;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<CompletableFuture<Void>> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    /** Failures by exception type and message, for the scenario's report. */
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();

    private ProducerLoad(Writer writer, DeliveryChecker checker, int messagesPerCall) {
        this.writer = writer;
        this.checker = checker;
        this.messagesPerCall = messagesPerCall;
    }

    /** Starts {@code threads} threads per mode in {@code modes}. */
    static ProducerLoad start(Writer writer, DeliveryChecker checker, int messagesPerCall, int threads, Mode... modes) {
        ProducerLoad load = new ProducerLoad(writer, checker, messagesPerCall);
        for (Mode mode : modes) {
            for (int i = 0; i < threads; i++) {
                String producer = mode.name().toLowerCase() + "-" + i;
                Runnable body = mode == Mode.SYNC ? () -> load.writeSync(producer) : () -> load.writeAsync(producer);
                load.threads.add(CompletableFuture.runAsync(load.guarded(body), runnable -> {
                    Thread thread = new Thread(runnable, "producer-" + producer);
                    thread.setDaemon(true);
                    thread.start();
                }));
            }
        }
        return load;
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

    private Message[] nextCall(String producer, List<String> ids) {
        Message[] call = new Message[messagesPerCall];
        for (int i = 0; i < messagesPerCall; i++) {
            String id = checker.nextId(producer);
            ids.add(id);
            call[i] = Message.of(id, id); // keyed by id: the balancer spreads calls over every partition
        }
        return call;
    }

    private void writeSync(String producer) {
        while (running.get()) {
            List<String> ids = new ArrayList<>(messagesPerCall);
            Message[] call = nextCall(producer, ids);
            try {
                writer.writeMessages(call);
                ids.forEach(checker::acknowledged);
            } catch (WriteException e) {
                settle(ids, e);
            } catch (KafkaException e) {
                record(e);
                ids.forEach(checker::failed);
            }
        }
    }

    private void writeAsync(String producer) {
        Semaphore inFlight = new Semaphore(ASYNC_CALLS_IN_FLIGHT);
        while (running.get()) {
            List<String> ids = new ArrayList<>(messagesPerCall);
            Message[] call = nextCall(producer, ids);
            inFlight.acquireUninterruptibly();
            writer.writeMessagesAsync(call).whenComplete((ignored, error) -> {
                if (error == null) {
                    ids.forEach(checker::acknowledged);
                } else if (error instanceof WriteException failure) {
                    settle(ids, failure);
                } else {
                    record(error);
                    ids.forEach(checker::failed);
                }
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(ASYNC_CALLS_IN_FLIGHT); // every call of this thread has an outcome
    }

    private void settle(List<String> ids, WriteException failure) {
        boolean[] failed = new boolean[ids.size()];
        for (WriteException.MessageError error : failure.errors()) {
            failed[error.index()] = true;
            record(error.error());
        }
        for (int i = 0; i < ids.size(); i++) {
            if (failed[i]) {
                checker.failed(ids.get(i));
            } else {
                checker.acknowledged(ids.get(i));
            }
        }
    }

    private void record(Throwable error) {
        failures.merge(error.getClass().getSimpleName() + ": " + error.getMessage(), 1, Integer::sum);
    }

    /** Waits until {@code more} messages beyond those acknowledged now are acknowledged. */
    void awaitAcknowledged(int more, Duration bound) {
        awaitAcknowledgedTotal(checker.acknowledgedCount() + more, bound);
    }

    /** Waits until {@code total} messages were acknowledged since the start. */
    void awaitAcknowledgedTotal(int total, Duration bound) {
        awaitCondition(() -> checker.acknowledgedCount() >= total, bound,
                () -> total + " acknowledged messages (have " + checker.acknowledgedCount() + ", failures " + failures + ")");
    }

    private void awaitCondition(Supplier<Boolean> condition, Duration bound, Supplier<String> what) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.get()) {
            if (!unexpected.isEmpty()) {
                throw new AssertionError("a producer thread failed unexpectedly", unexpected.peek());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no progress within " + bound + ": waiting for " + what.get());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Failed messages by error, as "Type: message" → count. */
    ConcurrentHashMap<String, Integer> failures() {
        return failures;
    }

    /** Stops handing over new calls and waits until every call made has an outcome. */
    @Override
    public void close() {
        running.set(false);
        CompletableFuture.allOf(threads.toArray(new CompletableFuture<?>[0])).join();
        if (!unexpected.isEmpty()) {
            throw new AssertionError("a producer thread failed unexpectedly", unexpected.peek());
        }
    }
}
