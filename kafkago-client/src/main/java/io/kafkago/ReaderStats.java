package io.kafkago;

/**
 * A snapshot of a {@link Reader}'s activity since it was created. Counters only grow, so
 * monitoring systems can turn them into rates (unlike kafka-go, reading them resets nothing);
 * the last group of fields describes the reader's state at the time of the snapshot.
 *
 * @param fetches        Fetch requests answered by a broker
 * @param messages       messages handed to the application
 * @param bytes          key and value bytes of the messages handed to the application
 * @param commits        OffsetCommit requests the coordinator accepted
 * @param rebalances     generations this member joined (group mode; 0 in partition mode)
 * @param timeouts       read calls that timed out before a message arrived
 * @param errors         errors seen by the fetch and group loops (each was retried or reported)
 * @param staleCommits   messages given to {@code commitMessages} that were not committed because
 *                       the generation that delivered them had ended (group mode)
 * @param offset         offset of the next message to hand out (partition mode), or -1
 * @param lag            messages between that offset and the high watermark of the last fetch,
 *                       summed over assigned partitions (-1 until known)
 * @param queueLength    messages fetched and waiting in the prefetch queue
 * @param queueBytes     key, value and header bytes of those messages
 * @param queueCapacity  the prefetch queue's capacity in messages
 * @param assignedPartitions partitions this reader consumes now
 * @param followerFetches of the {@code fetches}, those a follower in the reader's rack answered instead of the
 *                       leader (KIP-392: with {@code ReaderConfig.rackId} and a broker replica selector)
 */
public record ReaderStats(
        long fetches,
        long messages,
        long bytes,
        long commits,
        long rebalances,
        long timeouts,
        long errors,
        long staleCommits,
        long offset,
        long lag,
        int queueLength,
        long queueBytes,
        int queueCapacity,
        int assignedPartitions,
        long followerFetches) {
}
