package io.kafkago;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.TestTopics;
import io.kafkago.test.junit.KafkaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The idempotent Writer keeps its promise through a leader failure: while 100,000 keyed messages are being
 * written, the leader of partition 0 is stopped and started again. Every acknowledged message must be in the
 * topic exactly once, and each partition must hold its messages in the order they were written.
 */
@KafkaTest(brokers = 3)
class WriterFailoverIT {

    private static final int MESSAGES = 100_000;
    private static final int CHUNK = 100;
    private static final int PARTITIONS = 6;

    EmbeddedKafkaCluster cluster;

    @Test
    void leaderRestartLosesNothingAcknowledgedAndDuplicatesNothing() throws Exception {
        String topic = TestTopics.unique("writer-failover");
        cluster.createTopic(topic, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        Writer writer = new Writer(WriterConfig.builder().brokers(cluster.bootstrapServers().split(",")).topic(topic)
                .maxAttempts(60).writeBackoffMax(Duration.ofSeconds(1)).build());

        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<int[]> chunkRanges = new ArrayList<>();
        CompletableFuture<Void> restart = null;
        int victim = cluster.leaderOf(topic, 0);
        for (int start = 0; start < MESSAGES; start += CHUNK) {
            if (start == 30_000) {
                cluster.stopBroker(victim); // while the first 30,000 may still be in flight
            }
            if (start == 70_000) {
                restart = CompletableFuture.runAsync(() -> cluster.startBroker(victim));
            }
            List<Message> chunk = new ArrayList<>(CHUNK);
            for (int i = start; i < start + CHUNK; i++) {
                chunk.add(Message.of("key-" + (i % 997), Integer.toString(i)));
            }
            futures.add(writer.writeMessagesAsync(chunk));
            chunkRanges.add(new int[] {start, start + CHUNK});
            if (start >= 30_000 && (restart == null || !restart.isDone())) {
                Thread.sleep(2); // spread the writes over the time the broker is down and coming back
            }
        }
        restart.get();
        writer.close(Duration.ofMinutes(2));

        BitSet acknowledged = new BitSet(MESSAGES);
        for (int c = 0; c < futures.size(); c++) {
            int[] range = chunkRanges.get(c);
            acknowledged.set(range[0], range[1]);
            try {
                futures.get(c).join();
            } catch (CompletionException e) {
                WriteException failure = (WriteException) e.getCause();
                for (WriteException.MessageError error : failure.errors()) {
                    acknowledged.clear(range[0] + error.index());
                }
            }
        }
        WriterStats stats = writer.stats();
        System.out.printf("failover: broker %d restarted; %d acknowledged, %d failed, %d retries, %d requests%n",
                victim, acknowledged.cardinality(), stats.errors(), stats.retries(), stats.requests());

        List<ConsumerRecord<byte[], byte[]>> records =
                WriterReadBack.readAll(cluster.clientProperties(), topic, acknowledged.cardinality());
        BitSet seen = new BitSet(MESSAGES);
        Map<Integer, Integer> lastValueByPartition = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            int value = Integer.parseInt(new String(record.value(), UTF_8));
            if (seen.get(value)) {
                problems.add("duplicate " + value + " at " + record.partition() + "/" + record.offset());
            }
            seen.set(value);
            Integer previous = lastValueByPartition.put(record.partition(), value);
            if (previous != null && previous >= value) {
                problems.add("out of order in partition " + record.partition() + ": " + value + " after " + previous);
            }
        }
        BitSet missing = (BitSet) acknowledged.clone();
        missing.andNot(seen);
        assertThat(problems).as("duplicates and reordering").isEmpty();
        assertThat(missing.cardinality()).as("acknowledged but missing, first: " + missing.nextSetBit(0)).isZero();
        assertThat(acknowledged.cardinality()).as("most messages make it").isGreaterThan(MESSAGES / 2);
        assertThat(lastValueByPartition).hasSize(PARTITIONS);
    }
}
