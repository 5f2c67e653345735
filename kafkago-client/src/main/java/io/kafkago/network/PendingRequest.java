package io.kafkago.network;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A request on the wire (or being written) whose response, deadline or connection loss completes it. */
final class PendingRequest {

    final ApiKey apiKey;
    final short version;
    final int correlationId;
    final long startNanos;
    final CompletableFuture<ApiMessage> future = new CompletableFuture<>();
    /** True while the caller's thread is writing the frame; a deadline then closes the connection. */
    volatile boolean writing;
    volatile ScheduledFuture<?> timer;

    PendingRequest(ApiKey apiKey, short version, int correlationId, long startNanos) {
        this.apiKey = apiKey;
        this.version = version;
        this.correlationId = correlationId;
        this.startNanos = startNanos;
    }

    void cancelTimer() {
        ScheduledFuture<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
