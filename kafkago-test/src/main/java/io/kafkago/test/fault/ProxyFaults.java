package io.kafkago.test.fault;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The faults a {@link FaultProxy} applies now, shared by all its connections. Every change wakes the connections'
 * threads waiting on a delay, so a new setting applies to frames already held back too.
 */
final class ProxyFaults {

    /** Bandwidth meaning "no cap". */
    static final long UNLIMITED = Long.MAX_VALUE;

    private volatile long latencyNanos;
    private volatile long bandwidth = UNLIMITED;
    private volatile boolean blackHole;
    private volatile boolean refuseConnections;
    private final Map<Short, AtomicInteger> responsesToDrop = new ConcurrentHashMap<>();
    private final Map<Short, AtomicInteger> responsesToCut = new ConcurrentHashMap<>();
    private final Map<Short, UnaryOperator<ByteBuffer>> rewriters = new ConcurrentHashMap<>();
    /** Bumped under this object's monitor on every change, so a waiter cannot miss one. */
    private volatile long version;

    long latencyNanos() {
        return latencyNanos;
    }

    long bandwidth() {
        return bandwidth;
    }

    boolean blackHole() {
        return blackHole;
    }

    boolean refuseConnections() {
        return refuseConnections;
    }

    void latency(Duration latency) {
        latencyNanos = latency.toNanos();
        changed();
    }

    void bandwidth(long bytesPerSecond) {
        bandwidth = bytesPerSecond;
        changed();
    }

    void blackHole(boolean on) {
        blackHole = on;
        changed();
    }

    void refuseConnections(boolean on) {
        refuseConnections = on;
        changed();
    }

    void dropResponses(short apiKey, int count) {
        responsesToDrop.put(apiKey, new AtomicInteger(count));
        changed();
    }

    void cutResponses(short apiKey, int count) {
        responsesToCut.put(apiKey, new AtomicInteger(count));
        changed();
    }

    void rewriteResponses(short apiKey, UnaryOperator<ByteBuffer> rewriter) {
        rewriters.put(apiKey, rewriter);
        changed();
    }

    /** Whether this response is one of those to drop; counts it if so. */
    boolean takeResponseToDrop(short apiKey) {
        return take(responsesToDrop, apiKey);
    }

    /** Whether this response is one of those to cut; counts it if so. */
    boolean takeResponseToCut(short apiKey) {
        return take(responsesToCut, apiKey);
    }

    private static boolean take(Map<Short, AtomicInteger> budgets, short apiKey) {
        AtomicInteger budget = budgets.get(apiKey);
        return budget != null && budget.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** The rewriter for responses to this API, or null. */
    UnaryOperator<ByteBuffer> rewriter(short apiKey) {
        return rewriters.get(apiKey);
    }

    void heal() {
        latencyNanos = 0;
        bandwidth = UNLIMITED;
        blackHole = false;
        refuseConnections = false;
        responsesToDrop.clear();
        responsesToCut.clear();
        rewriters.clear();
        changed();
    }

    /** The current version; pass it to {@link #awaitChange} after reading the settings it guards. */
    long version() {
        return version;
    }

    /** Waits until a setting changed since {@code seenVersion}, at most {@code timeoutNanos} (forever if MAX_VALUE). */
    synchronized void awaitChange(long seenVersion, long timeoutNanos) throws InterruptedException {
        if (timeoutNanos == Long.MAX_VALUE) {
            while (version == seenVersion) {
                wait();
            }
            return;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        long left = timeoutNanos;
        while (version == seenVersion && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = deadline - System.nanoTime();
        }
    }

    private synchronized void changed() {
        version++;
        notifyAll();
    }
}
