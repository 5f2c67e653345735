package io.kafkago.internal.reader;

import io.kafkago.ReaderStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Reader's counters, updated from the application's threads and the reader's own loops
 * without locks, and read into a {@code ReaderStats} snapshot.
 */
public final class ReaderMetrics {

    private final LongAdder fetches = new LongAdder();
    private final LongAdder followerFetches = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rebalances = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder staleCommits = new LongAdder();

    /** A broker answered a Fetch request. */
    public void recordFetch(boolean fromFollower) {
        fetches.increment();
        if (fromFollower) {
            followerFetches.increment();
        }
    }

    /** A message of {@code byteCount} key and value bytes was handed to the application. */
    public void recordMessage(long byteCount) {
        messages.increment();
        bytes.add(byteCount);
    }

    /** The coordinator accepted an OffsetCommit. */
    public void recordCommit() {
        commits.increment();
    }

    /** This member joined a new generation. */
    public void recordRebalance() {
        rebalances.increment();
    }

    /** A read call timed out. */
    public void recordTimeout() {
        timeouts.increment();
    }

    /** A loop hit an error (retried or reported). */
    public void recordError() {
        errors.increment();
    }

    /** {@code count} messages were not committed because their generation had ended. */
    public void recordStaleCommits(int count) {
        staleCommits.add(count);
    }

    /** A snapshot of the counters completed with the reader's current state. */
    public ReaderStats snapshot(long offset, long lag, int queueLength, long queueBytes, int queueCapacity,
                                int assignedPartitions) {
        return new ReaderStats(fetches.sum(), messages.sum(), bytes.sum(), commits.sum(), rebalances.sum(),
                timeouts.sum(), errors.sum(), staleCommits.sum(), offset, lag, queueLength, queueBytes, queueCapacity,
                assignedPartitions, followerFetches.sum());
    }
}
