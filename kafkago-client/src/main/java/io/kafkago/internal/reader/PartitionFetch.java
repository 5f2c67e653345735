package io.kafkago.internal.reader;

import io.kafkago.TopicPartition;

/**
 * Where the fetch loop stands with one partition: the next offset to fetch (or FIRST/LAST
 * before it is resolved), the leader it fetches from, and its back-off after errors. Mutated by
 * the fetch thread only.
 */
final class PartitionFetch {

    final TopicPartition topicPartition;
    /** Next offset to fetch; {@code FIRST_OFFSET}/{@code LAST_OFFSET} (negative) until resolved. */
    long fetchOffset;
    /** Leader the partition was last fetched from, or -1 when unknown. */
    int leaderId = -1;
    /** Leader epoch known from metadata, or -1. */
    int leaderEpoch = -1;
    /** A Fetch or ListOffsets request for this partition is in flight. */
    boolean busy;
    /** Not fetched before this {@code System.nanoTime()} (back-off). */
    long notBeforeNanos;
    /** Failures in a row, for the back-off. */
    int failures;
    /** Fetching stopped after an error the application must resolve (FAIL policy, a batch that cannot be decoded). */
    boolean stopped;
    /** Broker the last fetch went to: the leader, or the replica the leader preferred (KIP-392). */
    int fetchedFrom = -1;
    /** Replica the leader told this reader to fetch from (KIP-392), or -1 for the leader itself. */
    int preferredReplica = -1;
    /** {@code System.nanoTime()} after which the preferred replica is forgotten and the leader asked again. */
    long preferredUntilNanos;
    /** A replica that failed to serve: the leader's preference for it is ignored until {@link #avoidedUntilNanos}. */
    int avoidedReplica = -1;
    long avoidedUntilNanos;
    /** The application paused it: not fetched until resumed. */
    boolean paused;
    /** {@code System.nanoTime()} since which no leader has been found, or 0 while one is known. */
    long leaderMissingSinceNanos;

    PartitionFetch(TopicPartition topicPartition, long fetchOffset) {
        this.topicPartition = topicPartition;
        this.fetchOffset = fetchOffset;
    }

    /** The broker to fetch from now: the preferred replica while its lease lasts, else the leader. */
    int fetchNode(long nowNanos) {
        if (preferredReplica >= 0 && nowNanos - preferredUntilNanos < 0) {
            return preferredReplica;
        }
        preferredReplica = -1;
        return leaderId;
    }

    /** Whether {@code replica} failed to serve this partition recently. */
    boolean avoids(int replica, long nowNanos) {
        return replica == avoidedReplica && nowNanos - avoidedUntilNanos < 0;
    }

    /** Whether the last fetch went to a replica other than the leader. */
    boolean fetchedFromFollower() {
        return fetchedFrom >= 0 && fetchedFrom != leaderId;
    }

    boolean needsOffset() {
        return fetchOffset < 0;
    }

    boolean readyAt(long nowNanos) {
        return !busy && !stopped && !paused && nowNanos - notBeforeNanos >= 0;
    }

    void succeeded() {
        failures = 0;
        notBeforeNanos = 0;
    }
}
