package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.message.HeartbeatResponse;
import io.kafkago.protocol.message.JoinGroupResponse;
import io.kafkago.protocol.message.OffsetCommitRequest;
import io.kafkago.protocol.message.OffsetFetchResponse;
import io.kafkago.test.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commits and offset fetches against a scripted cluster whose coordinator is loading, moving or hanging up:
 * retriable errors are retried, not thrown, and generation-ending errors are not retried.
 */
class ReaderCommitRetryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    private ScriptedCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ScriptedCluster(2);
        cluster.addTopic(TP.topic(), 1);
        cluster.append(TP, MemoryRecords.withRecords(0, Compression.NONE, record("m-0"), record("m-1"),
                record("m-2")).buffer());
    }

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void commitIsRetriedWhileTheCoordinatorLoadsItsOffsets() {
        try (Reader reader = new Reader(groupConfig().build())) {
            Message message = reader.fetchMessage(WAIT);
            failCommits(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, 4);

            reader.commitMessages(message);

            assertThat(cluster.committed()).containsEntry(TP, 1L);
            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT)).isEqualTo(5);
        }
    }

    @Test
    void commitFollowsTheCoordinatorToTheBrokerThatTookOverAndWaitsForItToLoad() {
        try (Reader reader = new Reader(groupConfig().build())) {
            Message message = reader.fetchMessage(WAIT);
            cluster.moveCoordinator(1);
            Queue<ErrorCode> loading = new ConcurrentLinkedQueue<>(List.of(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
                    ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
            cluster.script(ApiKey.OFFSET_COMMIT, (node, request, version) -> node == 1 && !loading.isEmpty()
                    ? ScriptedCluster.commitError((OffsetCommitRequest) request, loading.remove())
                    : cluster.defaultAnswer(node, request, version));

            reader.commitMessages(message);

            assertThat(cluster.committed()).containsEntry(TP, 1L);
            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT, 0)).as("refused by the old coordinator").isEqualTo(1);
            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT, 1)).as("three while loading, then accepted").isEqualTo(4);
            assertThat(cluster.requests(ApiKey.FIND_COORDINATOR)).as("found again after NOT_COORDINATOR").isEqualTo(2);
        }
    }

    @Test
    void commitIsSentAgainAfterTheConnectionBrokeUnderIt() {
        try (Reader reader = new Reader(groupConfig().build())) {
            Message message = reader.fetchMessage(WAIT);
            Queue<ErrorCode> failures = new ConcurrentLinkedQueue<>(List.of(ErrorCode.UNKNOWN_SERVER_ERROR,
                    ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.UNKNOWN_SERVER_ERROR));
            cluster.script(ApiKey.OFFSET_COMMIT, (node, request, version) -> {
                ErrorCode next = failures.poll();
                if (next == ErrorCode.UNKNOWN_SERVER_ERROR) {
                    return null; // hang up without answering: the outcome is unknown to the client
                }
                return next != null ? ScriptedCluster.commitError((OffsetCommitRequest) request, next)
                        : cluster.defaultAnswer(node, request, version);
            });

            reader.commitMessages(message);

            assertThat(cluster.committed()).containsEntry(TP, 1L);
            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT)).isEqualTo(4);
        }
    }

    @Test
    void commitFailsWithATimeoutNamingTheLastErrorOnceTheBoundRunsOutAndTheReaderStaysUsable() {
        try (Reader reader = new Reader(groupConfig().operationTimeout(Duration.ofSeconds(1)).build())) {
            Message message = reader.fetchMessage(WAIT);
            cluster.script(ApiKey.OFFSET_COMMIT, (node, request, version) ->
                    ScriptedCluster.commitError((OffsetCommitRequest) request, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));

            assertThatThrownBy(() -> reader.commitMessages(message))
                    .isInstanceOf(KafkaTimeoutException.class)
                    .hasMessageContaining("did not succeed within PT1S")
                    .hasMessageContaining("COORDINATOR_LOAD_IN_PROGRESS")
                    .cause().isInstanceOfSatisfying(KafkaBrokerException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
            assertThat(cluster.committed()).doesNotContainKey(TP);
            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT)).as("retried until the bound ran out").isGreaterThan(1);

            cluster.script(ApiKey.OFFSET_COMMIT, null);
            reader.commitMessages(message);
            assertThat(cluster.committed()).containsEntry(TP, 1L);
        }
    }

    @Test
    void messageWhoseCommitFailedIsDeliveredAgainAfterARebalanceNotSkipped() {
        try (Reader reader = new Reader(groupConfig().operationTimeout(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofMillis(50)).build())) {
            Message first = reader.fetchMessage(WAIT);
            reader.commitMessages(first);
            Message second = reader.fetchMessage(WAIT);
            cluster.script(ApiKey.OFFSET_COMMIT, (node, request, version) ->
                    ScriptedCluster.commitError((OffsetCommitRequest) request, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
            assertThatThrownBy(() -> reader.commitMessages(second)).isInstanceOf(KafkaTimeoutException.class);
            cluster.script(ApiKey.OFFSET_COMMIT, null);
            int generation = cluster.generation();
            Queue<ErrorCode> rebalance = new ConcurrentLinkedQueue<>(List.of(ErrorCode.REBALANCE_IN_PROGRESS));
            cluster.script(ApiKey.HEARTBEAT, (node, request, version) -> rebalance.isEmpty()
                    ? cluster.defaultAnswer(node, request, version)
                    : new HeartbeatResponse().setErrorCode(rebalance.remove().code()));

            Await.until(WAIT, "the member in the next generation", () -> reader.stats().rebalances() == 2);

            Message next = reader.fetchMessage(WAIT);

            assertThat(cluster.generation()).isEqualTo(generation + 1);
            assertThat(next.offset()).as("the uncommitted message comes again").isEqualTo(second.offset());
            reader.commitMessages(next);
            assertThat(cluster.committed()).containsEntry(TP, second.offset() + 1);
        }
    }

    @Test
    void errorThatNoRetryFixesReachesTheApplicationAtOnce() {
        try (Reader reader = new Reader(groupConfig().build())) {
            Message message = reader.fetchMessage(WAIT);
            failCommits(ErrorCode.GROUP_AUTHORIZATION_FAILED, 1);

            assertThatThrownBy(() -> reader.commitMessages(message))
                    .isInstanceOfSatisfying(KafkaBrokerException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.GROUP_AUTHORIZATION_FAILED));
            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT)).isEqualTo(1);
        }
    }

    @Test
    void closingTheReaderEndsACommitThatIsBeingRetried() throws Exception {
        Reader reader = new Reader(groupConfig().operationTimeout(Duration.ofHours(1)).build());
        Message message = reader.fetchMessage(WAIT);
        cluster.script(ApiKey.OFFSET_COMMIT, (node, request, version) ->
                ScriptedCluster.commitError((OffsetCommitRequest) request, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread committer = new Thread(() -> {
            try {
                reader.commitMessages(message);
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "committer");
        committer.start();
        Await.until(WAIT, "the commit being retried", () -> cluster.requests(ApiKey.OFFSET_COMMIT) >= 2);

        reader.close();
        committer.join(WAIT.toMillis());

        assertThat(committer.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(KafkaException.class);
        assertThat(cluster.committed()).doesNotContainKey(TP);
    }

    @Test
    void interruptingACommitStopsItsRetriesAndKeepsTheInterruptStatus() throws Exception {
        try (Reader reader = new Reader(groupConfig().heartbeatInterval(Duration.ofMillis(50))
                .readBackoffMin(Duration.ofMillis(10)).readBackoffMax(Duration.ofMillis(20)).build())) {
            Message message = reader.fetchMessage(WAIT);
            cluster.script(ApiKey.OFFSET_COMMIT, (node, request, version) ->
                    ScriptedCluster.commitError((OffsetCommitRequest) request, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread committer = new Thread(() -> {
                try {
                    reader.commitMessages(message);
                } catch (Throwable t) {
                    outcome.set(t);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            }, "committer");
            committer.start();
            Await.until(WAIT, "the commit being retried", () -> cluster.requests(ApiKey.OFFSET_COMMIT) >= 2);

            committer.interrupt();
            committer.join(WAIT.toMillis());
            int attemptsAtInterrupt = cluster.requests(ApiKey.OFFSET_COMMIT);
            int heartbeats = cluster.requests(ApiKey.HEARTBEAT);
            Await.until(WAIT, "ten more heartbeats, time for many retries", () ->
                    cluster.requests(ApiKey.HEARTBEAT) >= heartbeats + 10);

            assertThat(outcome.get()).isInstanceOf(KafkaInterruptedException.class);
            assertThat(stillInterrupted).isTrue();
            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT)).as("at most the attempt in flight, then no more")
                    .isLessThanOrEqualTo(attemptsAtInterrupt + 1);
        }
    }

    @Test
    void generationEndingErrorIsNotRetriedAndTheMessageComesAgainInTheNextGeneration() {
        try (Reader reader = new Reader(groupConfig().build())) {
            Message first = reader.fetchMessage(WAIT);
            int generation = cluster.generation();
            failCommits(ErrorCode.ILLEGAL_GENERATION, 1);

            reader.commitMessages(first); // the generation is over: nothing to commit for it, nothing thrown

            assertThat(cluster.requests(ApiKey.OFFSET_COMMIT)).as("sent once, not retried").isEqualTo(1);
            assertThat(reader.stats().staleCommits()).isEqualTo(1);
            Await.until(WAIT, "the member in the next generation", () -> reader.stats().rebalances() == 2);
            Message again = reader.fetchMessage(WAIT);
            assertThat(again.offset()).as("redelivered after the rejoin, not skipped").isEqualTo(first.offset());
            assertThat(cluster.generation()).isEqualTo(generation + 1);
            reader.commitMessages(again);
            assertThat(cluster.committed()).containsEntry(TP, 1L);
            assertThat(cluster.commitRequests()).extracting(OffsetCommitRequest::generationIdOrMemberEpoch)
                    .containsExactly(generation, generation + 1);
        }
    }

    @Test
    void committedOffsetsAreFetchedAgainWhileTheCoordinatorLoadsWithoutRejoining() {
        cluster.commit(TP, 2);
        Queue<ErrorCode> loading = new ConcurrentLinkedQueue<>(List.of(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
                ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
                ErrorCode.COORDINATOR_LOAD_IN_PROGRESS));
        cluster.script(ApiKey.OFFSET_FETCH, (node, request, version) -> loading.isEmpty()
                ? cluster.defaultAnswer(node, request, version)
                : new OffsetFetchResponse().setErrorCode(loading.remove().code()));
        try (Reader reader = new Reader(groupConfig().build())) {
            assertThat(reader.fetchMessage(WAIT).offset()).isEqualTo(2);
            assertThat(cluster.generation()).as("one join: the lookup was retried, not the membership").isEqualTo(1);
            assertThat(cluster.requests(ApiKey.OFFSET_FETCH)).isEqualTo(5);
        }
    }

    @Test
    void finalCommitOnCloseIsRetriedUntilTheCoordinatorTakesIt() {
        Reader reader = new Reader(groupConfig().commitInterval(Duration.ofMinutes(10)).build());
        Message message = reader.fetchMessage(WAIT);
        reader.commitMessages(message); // stashed for the periodic commit, which close flushes
        failCommits(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, 4);

        reader.close();

        assertThat(cluster.committed()).containsEntry(TP, 1L);
        assertThat(cluster.requests(ApiKey.OFFSET_COMMIT)).isEqualTo(5);
    }

    @Test
    void membershipRidesOutHangUpsAndCoordinatorErrorsInJoinSyncAndHeartbeat() {
        Queue<String> joins = new ConcurrentLinkedQueue<>(List.of("hang up", "loading"));
        cluster.script(ApiKey.JOIN_GROUP, (node, request, version) -> switch (String.valueOf(joins.poll())) {
            case "hang up" -> null;
            case "loading" -> new JoinGroupResponse()
                    .setErrorCode(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.code());
            default -> cluster.defaultAnswer(node, request, version);
        });
        Queue<String> syncs = new ConcurrentLinkedQueue<>(List.of("hang up"));
        cluster.script(ApiKey.SYNC_GROUP, (node, request, version) -> syncs.poll() != null ? null
                : cluster.defaultAnswer(node, request, version));
        Queue<String> heartbeats = new ConcurrentLinkedQueue<>(List.of("not coordinator", "hang up"));
        cluster.script(ApiKey.HEARTBEAT, (node, request, version) -> switch (String.valueOf(heartbeats.poll())) {
            case "not coordinator" -> ScriptedCluster.notCoordinator(request, version);
            case "hang up" -> null;
            default -> cluster.defaultAnswer(node, request, version);
        });
        try (Reader reader = new Reader(groupConfig().heartbeatInterval(Duration.ofMillis(50)).build())) {
            for (int offset = 0; offset < 3; offset++) {
                Message message = reader.fetchMessage(WAIT);
                assertThat(message.offset()).isEqualTo(offset);
                reader.commitMessages(message);
            }
            Await.until(WAIT, "heartbeats answered again", () -> heartbeats.isEmpty()
                    && cluster.requests(ApiKey.HEARTBEAT) > 3);
            assertThat(cluster.committed()).containsEntry(TP, 3L);
        }
    }

    private void failCommits(ErrorCode error, int times) {
        Queue<ErrorCode> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < times; i++) {
            failures.add(error);
        }
        cluster.script(ApiKey.OFFSET_COMMIT, (node, request, version) -> failures.isEmpty()
                ? cluster.defaultAnswer(node, request, version)
                : ScriptedCluster.commitError((OffsetCommitRequest) request, failures.remove()));
    }

    private ReaderConfig.Builder groupConfig() {
        return ReaderConfig.builder().brokers(cluster.bootstrap()).topic(TP.topic()).groupId("billing")
                .maxWait(Duration.ofMillis(100));
    }

    private static SimpleRecord record(String value) {
        return new SimpleRecord(1_000L, null, value.getBytes(StandardCharsets.UTF_8));
    }
}
