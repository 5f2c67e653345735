package io.kafkago;

import java.time.Duration;

/**
 * A snapshot of a {@link Writer}'s activity since it was created. Counters only grow, so
 * monitoring systems can turn them into rates (unlike kafka-go, reading them resets nothing).
 *
 * @param writes          completed calls to {@code writeMessages}/{@code writeMessagesAsync}, failed ones included
 * @param messages        messages acknowledged by the brokers (per {@code requiredAcks})
 * @param bytes           record bytes (key, value and headers) of the acknowledged messages
 * @param batches         record batches acknowledged, one per partition per Produce request
 * @param requests        Produce requests sent, retries included
 * @param errors          messages that failed for good (their write call completed exceptionally)
 * @param retries         batch attempts that failed and will be made again (sent ones, and ones that could not
 *                        be sent because the partition had no leader or its broker was unreachable)
 * @param averageBatchSize acknowledged messages per acknowledged batch (0 when none)
 * @param averageWriteLatency mean time from a write call to its completion (zero when none)
 * @param maxWriteLatency longest time from a write call to its completion
 * @param bufferedBytes   bytes held right now for messages not yet acknowledged
 */
public record WriterStats(
        long writes,
        long messages,
        long bytes,
        long batches,
        long requests,
        long errors,
        long retries,
        double averageBatchSize,
        Duration averageWriteLatency,
        Duration maxWriteLatency,
        long bufferedBytes) {
}
