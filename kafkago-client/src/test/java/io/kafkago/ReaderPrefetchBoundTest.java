package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.internal.reader.PrefetchQueue;
import io.kafkago.protocol.ApiKey;
import io.kafkago.test.Await;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetching ahead stops once the prefetched messages hold queueCapacityBytes, well before queueCapacity messages. */
class ReaderPrefetchBoundTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BATCHES = 40;
    private static final int PER_BATCH = 4;
    private static final int VALUE_BYTES = 1024;

    private ScriptedCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ScriptedCluster(1);
    }

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }

    @ParameterizedTest(name = "group mode: {0}")
    @ValueSource(booleans = {false, true})
    void fetchingPausesWhileThePrefetchedBytesAreAtTheLimitAndResumesAsTheyAreRead(boolean groupMode) {
        String topic = "bounded-" + (groupMode ? "group" : "partition");
        TopicPartition tp = new TopicPartition(topic, 0);
        cluster.addTopic(topic, 1);
        for (int batch = 0; batch < BATCHES; batch++) {
            SimpleRecord[] records = new SimpleRecord[PER_BATCH];
            for (int i = 0; i < PER_BATCH; i++) {
                records[i] = new SimpleRecord(1_000L, null, new byte[VALUE_BYTES]);
            }
            cluster.append(tp, MemoryRecords.withRecords((long) batch * PER_BATCH, Compression.NONE, records).buffer());
        }
        ReaderConfig.Builder config = ReaderConfig.builder().brokers(cluster.bootstrap()).topic(topic)
                .maxWait(Duration.ofMillis(100))
                .minBytes(1).maxBytes(1) // each fetch returns one batch, and each message is a chunk of its own
                .queueCapacityBytes(10 * VALUE_BYTES);
        try (Reader reader = new Reader((groupMode ? config.groupId("bounded") : config).build())) {
            Thread fetchThread = startFetching(reader, groupMode, topic);

            // message 0 read, 1 to 10 queued (the tenth reaching the limit) from three fetches; the fourth waits
            Await.until(WAIT, "fetching to pause or everything to be fetched",
                    () -> (waitsForRoom(fetchThread) && reader.stats().queueLength() == 10)
                            || cluster.requests(ApiKey.FETCH) >= BATCHES);
            assertThat(reader.stats().queueLength()).isEqualTo(10);
            assertThat(reader.stats().queueBytes()).isEqualTo(10L * VALUE_BYTES);
            assertThat(cluster.requests(ApiKey.FETCH)).isEqualTo(3);

            for (int offset = 1; offset < BATCHES * PER_BATCH; offset++) {
                assertThat(reader.fetchMessage(WAIT).offset()).isEqualTo(offset);
            }
            assertThat(cluster.requests(ApiKey.FETCH)).isGreaterThanOrEqualTo(BATCHES);
        }
    }

    /** Reads the first message (which starts fetching in partition mode) and returns the fetch loop's thread. */
    private static Thread startFetching(Reader reader, boolean groupMode, String topic) {
        assertThat(reader.fetchMessage(WAIT).offset()).isZero();
        String name = "kafkago-reader-fetch-[" + topic + "]";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no fetch thread " + name + " (group mode " + groupMode + ")"));
    }

    private static boolean waitsForRoom(Thread fetchThread) {
        return fetchThread.getState() == Thread.State.WAITING && Arrays.stream(fetchThread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(PrefetchQueue.class.getName())
                        && frame.getMethodName().equals("put"));
    }
}
