package io.kafkago.network;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request from the moment it is queued for writing until its response, deadline or connection loss
 * completes it. The connection's writer thread and the deadline timer race for a queued request: whoever
 * moves it out of {@link #QUEUED} first decides whether it is written or dropped unsent.
 */
final class PendingRequest {

    static final int QUEUED = 0;
    static final int WRITING = 1;
    static final int WRITTEN = 2;
    /** Its deadline passed before it was written: it never goes out. */
    static final int DROPPED = 3;

    final ApiKey apiKey;
    final short version;
    final int correlationId;
    final long startNanos;
    final boolean expectsResponse;
    final CompletableFuture<ApiMessage> future = new CompletableFuture<>();
    /** The encoded frame until it is written; null for a request that failed before it was encoded. */
    volatile ProtocolWriter frame;
    volatile ScheduledFuture<?> timer;
    /** Bytes written on the connection up to the end of this frame, once written; its answer proves them read. */
    volatile long endOffset;
    private final AtomicInteger state = new AtomicInteger(QUEUED);

    PendingRequest(ApiKey apiKey, short version, int correlationId, long startNanos, boolean expectsResponse) {
        this.apiKey = apiKey;
        this.version = version;
        this.correlationId = correlationId;
        this.startNanos = startNanos;
        this.expectsResponse = expectsResponse;
    }

    int state() {
        return state.get();
    }

    /** Claims a queued request for writing; false when its deadline already dropped it. */
    boolean startWriting() {
        return state.compareAndSet(QUEUED, WRITING);
    }

    void written() {
        state.set(WRITTEN);
    }

    /** Claims a queued request for dropping; false when the writer thread got it first. */
    boolean drop() {
        return state.compareAndSet(QUEUED, DROPPED);
    }

    void cancelTimer() {
        ScheduledFuture<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
