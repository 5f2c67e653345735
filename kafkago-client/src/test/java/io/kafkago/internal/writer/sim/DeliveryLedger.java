package io.kafkago.internal.writer.sim;

import io.kafkago.WriteException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The client side of a chaos run: every message the writer threads handed to the Writer, in which order and
 * to which partition, what the Writer said became of it, and how long each write call took. Thread-safe:
 * writer threads and the Writer's completion thread record into it at once.
 */
final class DeliveryLedger {

    /** What the Writer said about a message. */
    enum Outcome { PENDING, ACKNOWLEDGED, FAILED }

    /** One message handed over. Its value is unique in the run. */
    static final class Delivery {
        private final String value;
        private final int thread;
        private final long order;
        private final int partition;
        private volatile Outcome outcome = Outcome.PENDING;
        private volatile Throwable error;

        private Delivery(String value, int thread, long order, int partition) {
            this.value = value;
            this.thread = thread;
            this.order = order;
            this.partition = partition;
        }

        String value() {
            return value;
        }

        /** The writer thread that handed the message over. */
        int thread() {
            return thread;
        }

        /** Position among the messages its thread handed over (hand-over order). */
        long order() {
            return order;
        }

        int partition() {
            return partition;
        }

        Outcome outcome() {
            return outcome;
        }

        /** Why the message failed, or null. */
        Throwable error() {
            return error;
        }

        private void settle(Throwable failure) {
            error = failure;
            outcome = failure == null ? Outcome.ACKNOWLEDGED : Outcome.FAILED;
        }
    }

    /**
     * One write call.
     *
     * @param sync          whether it was {@code writeMessages} (else {@code writeMessagesAsync})
     * @param durationNanos from the call to the outcome of its last message
     */
    record Call(int thread, int messages, boolean sync, long durationNanos) {
    }

    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    /** Records a message about to be handed over by {@code thread}. */
    Delivery handOver(String value, int thread, long order, int partition) {
        Delivery delivery = new Delivery(value, thread, order, partition);
        if (deliveries.putIfAbsent(value, delivery) != null) {
            throw new IllegalArgumentException("value " + value + " was handed over before");
        }
        return delivery;
    }

    /**
     * Records the outcome of a write call: all acknowledged when {@code failure} is null, the messages a
     * {@link WriteException} names failed (the others acknowledged), every message failed on any other error.
     */
    void settle(List<Delivery> call, Throwable failure, boolean sync, long durationNanos) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof WriteException writeFailure) {
            Throwable[] errors = new Throwable[call.size()];
            for (WriteException.MessageError error : writeFailure.errors()) {
                errors[error.index()] = error.error();
            }
            for (int i = 0; i < call.size(); i++) {
                call.get(i).settle(errors[i]);
            }
        } else {
            call.forEach(delivery -> delivery.settle(cause));
        }
        calls.add(new Call(call.get(0).thread, call.size(), sync, durationNanos));
    }

    Collection<Delivery> deliveries() {
        return deliveries.values();
    }

    /** The message with this value, or null if none was handed over. */
    Delivery find(String value) {
        return deliveries.get(value);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }
}
