package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.protocol.ApiKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fetch the broker never answers (a paused broker, a cut-off link) condemns its connection, and so does the metadata
 * request that follows on it: the next fetch goes out on a new connection instead of queueing behind the lost answer
 * on the stalled one. (Before, the Reader waited on that connection until the broker answered.)
 */
class ReaderStalledFetchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CountDownLatch released = new CountDownLatch(1);
    private ScriptedCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ScriptedCluster(1);
    }

    @AfterEach
    void stopCluster() throws Exception {
        released.countDown();
        cluster.close();
    }

    @Test
    void theFetchAfterOneWithoutAnAnswerGoesOutOnANewConnection() {
        TopicPartition tp = new TopicPartition("stalled", 0);
        cluster.addTopic(tp.topic(), 1);
        cluster.append(tp, MemoryRecords.withRecords(0L, Compression.NONE,
                new SimpleRecord(1_000L, null, "first".getBytes())).buffer());
        AtomicBoolean stalled = new AtomicBoolean();
        cluster.script(ApiKey.FETCH, (node, request, version) -> {
            if (stalled.compareAndSet(false, true)) {
                awaitRelease(); // holds this connection's answers far longer than the Reader waits for one
            }
            return cluster.defaultAnswer(node, request, version);
        });
        ReaderConfig config = ReaderConfig.builder().brokers(cluster.bootstrap()).topic(tp.topic())
                .maxWait(Duration.ofMillis(100)).requestTimeout(Duration.ofSeconds(1)).build();
        try (Reader reader = new Reader(config)) {
            Message first = reader.fetchMessage(WAIT);

            assertThat(first.offset()).isZero();
            assertThat(new String(first.value())).isEqualTo("first");
            assertThat(cluster.requests(ApiKey.FETCH)).isGreaterThanOrEqualTo(2);
            assertThat(released.getCount()).as("answered while the first connection was still stalled").isOne();
        }
    }

    private void awaitRelease() {
        try {
            released.await(2 * WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
