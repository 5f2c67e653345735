package io.kafkago.internal.writer;

import io.kafkago.KafkaException;
import io.kafkago.Message;
import io.kafkago.WriteException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One write call on its way to the brokers. Its messages may land in several batches (one per
 * partition); each batch reports back per message, and when the last message is settled the call
 * completes: normally when all were written, with a {@link WriteException} naming the failed
 * messages otherwise.
 *
 * <p>Settling is thread-safe and idempotent per message, so a batch outcome and a forced failure
 * (writer closed before acknowledgement) may race without completing the call twice.
 */
public final class PendingWrite {

    private static final Object WRITTEN = new Object();

    /** Told once when a write call completes. */
    public interface Listener {

        /**
         * @param write   the completed call
         * @param failure null when every message was written
         */
        void completed(PendingWrite write, WriteException failure);
    }

    private final Message[] messages;
    private final long startNanos;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private final Listener listener;
    private final AtomicInteger unsettled;
    /** Per message: null while unsettled, then {@link #WRITTEN} or its {@link KafkaException}. */
    private final AtomicReferenceArray<Object> outcomes;

    /**
     * @param messages   the call's messages (the array is kept, not copied: callers pass their own copy)
     * @param startNanos {@link System#nanoTime()} when the call started, for latency
     * @param listener   told when the call completes
     */
    public PendingWrite(Message[] messages, long startNanos, Listener listener) {
        if (messages.length == 0) {
            throw new IllegalArgumentException("a write needs at least one message");
        }
        this.messages = messages;
        this.startNanos = startNanos;
        this.listener = listener;
        this.unsettled = new AtomicInteger(messages.length);
        this.outcomes = new AtomicReferenceArray<>(messages.length);
    }

    /** The call's messages, in call order. */
    public Message[] messages() {
        return messages;
    }

    /** The message at {@code index}. */
    public Message message(int index) {
        return messages[index];
    }

    /** {@link System#nanoTime()} when the call started. */
    public long startNanos() {
        return startNanos;
    }

    /** Completes when every message is settled; exceptionally with a {@link WriteException} if any failed. */
    public CompletableFuture<Void> future() {
        return future;
    }

    /** Marks the message at {@code index} as written. */
    public void written(int index) {
        settle(index, WRITTEN);
    }

    /** Marks the message at {@code index} as failed for good. */
    public void failed(int index, KafkaException error) {
        settle(index, error);
    }

    private void settle(int index, Object outcome) {
        if (!outcomes.compareAndSet(index, null, outcome)) {
            return;
        }
        if (unsettled.decrementAndGet() == 0) {
            complete();
        }
    }

    private void complete() {
        WriteException failure = collectFailures();
        listener.completed(this, failure);
        if (failure == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(failure);
        }
    }

    private WriteException collectFailures() {
        List<WriteException.MessageError> errors = null;
        for (int i = 0; i < messages.length; i++) {
            if (outcomes.get(i) instanceof KafkaException error) {
                if (errors == null) {
                    errors = new ArrayList<>();
                }
                errors.add(new WriteException.MessageError(i, messages[i], error));
            }
        }
        return errors == null ? null : new WriteException(errors, messages.length);
    }
}
