package io.kafkago.internal.group;

import io.kafkago.ReaderConfig;
import io.kafkago.internal.Backoff;
import io.kafkago.internal.reader.Fetcher;
import io.kafkago.internal.reader.ReaderCluster;
import io.kafkago.internal.reader.ReaderMetrics;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What both group protocols' memberships are made of: the member's own thread, which heartbeats and changes the
 * partitions, the commits and the assignment steps, and the way the thread waits between heartbeats (woken early
 * when a commit finds the member's generation ended) and is stopped by {@link #close()}.
 */
abstract class MemberThread implements GroupMembership {

    final ReaderConfig config;
    final ReaderMetrics metrics;
    final CoordinatorClient coordinator;
    final GroupCommitter committer;
    final AssignmentSteps steps;
    final Backoff backoff;
    final Consumer<RuntimeException> reportFailure;
    volatile boolean closed;
    /** Set when the member must act before its next heartbeat is due (cleared by the member thread). */
    volatile boolean woken;
    /** Set with {@link #woken} when a commit found the generation ended, not just a rebalance begun. */
    volatile boolean generationLost;
    private final Object signal = new Object();
    private final Thread thread;

    /**
     * @param cooperative whether the member keeps partitions through a rebalance (see {@link GroupCommitter})
     */
    MemberThread(ReaderConfig config, ReaderCluster cluster, Fetcher fetcher, CommitLedger ledger,
                 ReaderMetrics metrics, Consumer<RuntimeException> reportFailure, boolean cooperative) {
        this.config = config;
        this.metrics = metrics;
        this.reportFailure = reportFailure;
        this.coordinator = new CoordinatorClient(config.groupId(), cluster.controlPool());
        this.committer = new GroupCommitter(config, cluster, ledger, metrics, coordinator, reportFailure, this::wake,
                () -> {
                    generationLost = true;
                    wake();
                }, cooperative);
        this.steps = new AssignmentSteps(config, fetcher, ledger, committer, metrics);
        this.backoff = new Backoff(config.readBackoffMin(), config.readBackoffMax());
        this.thread = new Thread(this::run, "kafkago-reader-group-" + config.groupId());
        this.thread.setDaemon(true);
    }

    /** The member thread's work, until {@link #closed}; an interrupt is the request to stop. */
    abstract void run();

    /** After the member thread stopped: flushes commits, gives the partitions up and leaves the group. */
    abstract void leave();

    @Override
    public final GroupCommitter committer() {
        return committer;
    }

    @Override
    public final void start() {
        thread.start();
    }

    /** Wakes the member thread at once (a commit found a rebalance begun or the generation ended). */
    final void wake() {
        woken = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Stops the member thread (waiting for its final commit as long as its retries may take, plus one request), then
     * {@linkplain #leave leaves}; a static member stays registered. Idempotent.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        committer.leaving();
        thread.interrupt();
        try {
            thread.join(config.operationTimeout().plus(config.dialer().requestTimeout()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean interrupted = Thread.interrupted();
        try {
            leave();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits up to {@code nanos} or until {@link #wake woken}; false when interrupted or closed. */
    final boolean pause(long nanos) {
        if (nanos <= 0) {
            return !closed;
        }
        synchronized (signal) {
            if (woken || closed) {
                return !closed;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(signal, nanos);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }
    }
}
