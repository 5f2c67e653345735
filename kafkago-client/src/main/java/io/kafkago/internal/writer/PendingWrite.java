package io.kafkago.internal.writer;

import io.kafkago.KafkaException;
import io.kafkago.Message;
import io.kafkago.WriteException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One write call on its way to the brokers. Its messages may land in several batches (one per
 * partition); each batch reports back per message, and when the last message is settled the call
 * completes: normally when all were written, with a {@link WriteException} naming the failed
 * messages otherwise.
 *
 * <p>Each message is settled exactly once (its batch completes once; messages rejected before batching
 * are failed by the writer thread). Settling is thread-safe and allocation-free on success: a counter
 * says when the last message is settled, and the error array exists only once something failed.
 */
public final class PendingWrite {

    private static final VarHandle UNSETTLED;
    private static final VarHandle ERRORS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            UNSETTLED = lookup.findVarHandle(PendingWrite.class, "unsettled", int.class);
            ERRORS = lookup.findVarHandle(PendingWrite.class, "errors", WriteException.MessageError[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
    /** Messages not settled yet; the write completes when it reaches 0. */
    private volatile int unsettled;
    /** Per message, its error if it failed; null until the first failure. */
    private volatile WriteException.MessageError[] errors;

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
        this.unsettled = messages.length;
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

    /** Marks the message at {@code index} as written; call once per message. */
    public void written(int index) {
        settled();
    }

    /** Marks the message at {@code index} as certainly not written; call once per message. */
    public void failed(int index, KafkaException error) {
        failed(index, error, false);
    }

    /**
     * Marks the message at {@code index} as failed for good; call once per message.
     *
     * @param mayHaveBeenWritten whether it may be in the topic although it failed
     */
    public void failed(int index, KafkaException error, boolean mayHaveBeenWritten) {
        WriteException.MessageError[] known = errors;
        if (known == null) {
            WriteException.MessageError[] created = new WriteException.MessageError[messages.length];
            known = ERRORS.compareAndSet(this, null, created) ? created : errors;
        }
        // published to the completing thread by the counter update below
        known[index] = new WriteException.MessageError(index, messages[index], error, mayHaveBeenWritten);
        settled();
    }

    private void settled() {
        if ((int) UNSETTLED.getAndAdd(this, -1) == 1) {
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
        WriteException.MessageError[] failed = errors;
        if (failed == null) {
            return null;
        }
        List<WriteException.MessageError> described = new ArrayList<>();
        for (WriteException.MessageError error : failed) {
            if (error != null) {
                described.add(error);
            }
        }
        return new WriteException(described, messages.length);
    }
}
