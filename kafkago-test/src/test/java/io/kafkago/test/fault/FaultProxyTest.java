package io.kafkago.test.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestSetupException;
import io.kafkago.test.fault.FramedClient.Ending;
import io.kafkago.test.fault.FramedClient.Response;
import io.kafkago.test.internal.KafkaNodeProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each control of {@link FaultProxy} against a framed echo server. Tests of delays check what has (not) arrived at a
 * moment when the proxy provably holds the data (an hour of latency, one byte per second), then lift the fault; no
 * test measures time.
 */
class FaultProxyTest {

    private static final short PRODUCE = ApiKeys.PRODUCE.id;
    private static final short METADATA = ApiKeys.METADATA.id;
    private static final short API_VERSIONS = ApiKeys.API_VERSIONS.id;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private FramedEchoServer server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = new FramedEchoServer();
        proxy = FaultProxy.start("localhost", server.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    private FramedClient connect() throws IOException {
        return new FramedClient(proxy.port());
    }

    @Test
    void forwardsFramesBothWaysAndCountsThemPerApi() throws IOException {
        try (FramedClient client = connect()) {
            assertThat(client.roundTrip(METADATA, 1, "topics?")).isEqualTo(new Response(1, "topics?"));
            assertThat(client.roundTrip(PRODUCE, 2, "records")).isEqualTo(new Response(2, "records"));
            assertThat(client.roundTrip(PRODUCE, 3, "more")).isEqualTo(new Response(3, "more"));

            assertThat(proxy.requests(PRODUCE)).isEqualTo(2);
            assertThat(proxy.responses(PRODUCE)).isEqualTo(2);
            assertThat(proxy.requests(METADATA)).isEqualTo(1);
            assertThat(proxy.responses(METADATA)).isEqualTo(1);
            assertThat(proxy.requests(API_VERSIONS)).isZero();
            assertThat(proxy.acceptedConnections()).isEqualTo(1);
            assertThat(proxy.openConnections()).isEqualTo(1);
        }
        Await.until(TIMEOUT, "the proxied connection to close", () -> proxy.openConnections() == 0);
    }

    @Test
    void latencyHoldsRequestsUntilLiftedEvenThoseAlreadyHeld() throws IOException {
        try (FramedClient client = connect()) {
            proxy.latency(Duration.ofHours(1));
            client.send(PRODUCE, 1, "late");
            proxy.awaitRequests(PRODUCE, 1, TIMEOUT);
            assertThat(server.received()).isEmpty();

            proxy.latency(Duration.ZERO);
            assertThat(client.receive()).isEqualTo(new Response(1, "late"));
        }
    }

    @Test
    void latencyHoldsResponses() throws IOException {
        CountDownLatch release = server.holdResponses(PRODUCE);
        try (FramedClient client = connect()) {
            client.send(PRODUCE, 1, "late answer");
            Await.until(TIMEOUT, "the request at the server", () -> server.received().size() == 1);
            proxy.latency(Duration.ofHours(1));
            release.countDown();
            proxy.awaitResponses(PRODUCE, 1, TIMEOUT);
            assertThat(client.available()).isZero();

            proxy.latency(Duration.ZERO);
            assertThat(client.receive()).isEqualTo(new Response(1, "late answer"));
        }
    }

    @Test
    void bandwidthHoldsRequestBytesBeyondTheCapUntilLifted() throws IOException {
        proxy.bandwidth(1);
        try (FramedClient client = connect()) {
            client.send(PRODUCE, 1, "x".repeat(1000));
            proxy.awaitRequests(PRODUCE, 1, TIMEOUT);
            assertThat(server.received()).isEmpty();

            proxy.bandwidth(Long.MAX_VALUE);
            assertThat(client.receive()).isEqualTo(new Response(1, "x".repeat(1000)));
        }
    }

    @Test
    void bandwidthHoldsResponseBytesBeyondTheCap() throws IOException {
        CountDownLatch release = server.holdResponses(PRODUCE);
        String payload = "y".repeat(1000);
        try (FramedClient client = connect()) {
            client.send(PRODUCE, 1, payload);
            Await.until(TIMEOUT, "the request at the server", () -> server.received().size() == 1);
            proxy.bandwidth(1);
            release.countDown();
            proxy.awaitResponses(PRODUCE, 1, TIMEOUT);
            // at one byte per second, all but a few of the response's 1008 bytes are still held back
            assertThat(client.available()).isLessThan(4 + 4 + payload.length());

            proxy.bandwidth(Long.MAX_VALUE);
            assertThat(client.receive()).isEqualTo(new Response(1, payload));
        }
    }

    @Test
    void blackHoleHoldsRequestsUntilLifted() throws IOException {
        try (FramedClient client = connect()) {
            assertThat(client.roundTrip(METADATA, 1, "before")).isEqualTo(new Response(1, "before"));
            proxy.blackHole(true);
            client.send(PRODUCE, 2, "into the void");
            proxy.awaitRequests(PRODUCE, 1, TIMEOUT);
            assertThat(server.received()).extracting(FramedEchoServer.Request::payload).containsExactly("before");

            try (FramedClient newcomer = connect()) {
                newcomer.send(PRODUCE, 7, "newcomer");
                proxy.awaitRequests(PRODUCE, 2, TIMEOUT);
                assertThat(server.received()).hasSize(1);

                proxy.blackHole(false);
                assertThat(client.receive()).isEqualTo(new Response(2, "into the void"));
                assertThat(newcomer.receive()).isEqualTo(new Response(7, "newcomer"));
            }
        }
    }

    @Test
    void blackHoleHoldsResponses() throws IOException {
        CountDownLatch release = server.holdResponses(PRODUCE);
        try (FramedClient client = connect()) {
            client.send(PRODUCE, 1, "answer held");
            Await.until(TIMEOUT, "the request at the server", () -> server.received().size() == 1);
            proxy.blackHole(true);
            release.countDown();
            proxy.awaitResponses(PRODUCE, 1, TIMEOUT);
            assertThat(client.available()).isZero();

            proxy.blackHole(false);
            assertThat(client.receive()).isEqualTo(new Response(1, "answer held"));
        }
    }

    @Test
    void refusedConnectionsAreResetAtOnceWhileLiveOnesCarryOn() throws IOException {
        try (FramedClient live = connect()) {
            live.roundTrip(METADATA, 1, "accepted");
            proxy.refuseConnections(true);
            try (FramedClient refused = connect()) {
                Ending ending = refused.readToEnd();
                assertThat(ending.bytes()).isEmpty();
                assertThat(ending.failure()).isInstanceOf(SocketException.class);
            }
            assertThat(proxy.refusedConnections()).isEqualTo(1);
            assertThat(live.roundTrip(PRODUCE, 2, "still here")).isEqualTo(new Response(2, "still here"));

            proxy.refuseConnections(false);
            try (FramedClient welcome = connect()) {
                assertThat(welcome.roundTrip(API_VERSIONS, 3, "hello")).isEqualTo(new Response(3, "hello"));
            }
        }
        assertThat(server.received()).extracting(FramedEchoServer.Request::payload)
                .containsExactly("accepted", "still here", "hello");
    }

    @Test
    void resetConnectionsResetsEveryLiveConnectionBothWays() throws IOException {
        try (FramedClient first = connect(); FramedClient second = connect()) {
            first.roundTrip(METADATA, 1, "one");
            second.roundTrip(METADATA, 1, "two");

            assertThat(proxy.resetConnections()).isEqualTo(2);

            assertThat(first.readToEnd().failure()).isInstanceOf(SocketException.class);
            assertThat(second.readToEnd().failure()).isInstanceOf(SocketException.class);
            Await.until(TIMEOUT, "the server to see both connections end", () -> server.endedConnections() == 2);
        }
        Await.until(TIMEOUT, "only the acceptor thread left", () -> proxyThreads().size() == 1);
        try (FramedClient after = connect()) {
            assertThat(after.roundTrip(METADATA, 2, "again")).isEqualTo(new Response(2, "again"));
        }
    }

    @Test
    void resetInResponseCutsTheNextResponsesToThatApiMidFrame() throws IOException {
        proxy.resetInResponse(PRODUCE, 1);
        String payload = "z".repeat(1000);
        try (FramedClient client = connect()) {
            assertThat(client.roundTrip(METADATA, 1, "untouched")).isEqualTo(new Response(1, "untouched"));
            client.send(PRODUCE, 2, payload);
            Ending ending = client.readToEnd();
            int frameLength = 4 + 4 + payload.length();
            assertThat(ending.bytes().length).isGreaterThan(4).isLessThan(frameLength);
            assertThat(ByteBuffer.wrap(ending.bytes()).getInt()).isEqualTo(frameLength - 4);
            assertThat(ending.failure()).isInstanceOf(SocketException.class);
        }
        assertThat(proxy.cutResponses()).isEqualTo(1);
        proxy.awaitCutResponses(1, TIMEOUT);
        try (FramedClient client = connect()) {
            assertThat(client.roundTrip(PRODUCE, 3, payload).payload()).isEqualTo(payload);
        }
    }

    @Test
    void dropResponsesDeliversTheRequestSwallowsTheResponseAndClosesTheClient() throws IOException {
        try (FramedClient client = connect()) {
            assertThat(client.roundTrip(METADATA, 1, "metadata")).isEqualTo(new Response(1, "metadata"));
            proxy.dropResponses(PRODUCE, 1).refuseConnections(true);
            client.send(PRODUCE, 2, "written, never acknowledged");
            proxy.awaitDroppedResponses(1, TIMEOUT);
            Ending ending = client.readToEnd();
            assertThat(ending.bytes()).isEmpty();
            assertThat(ending.failure()).isNull();
        }
        assertThat(server.received()).extracting(FramedEchoServer.Request::payload)
                .containsExactly("metadata", "written, never acknowledged");
        assertThat(proxy.droppedResponses()).isEqualTo(1);
        assertThat(proxy.responses(PRODUCE)).isEqualTo(1);

        try (FramedClient retry = connect()) {
            assertThat(retry.readToEnd().failure()).isInstanceOf(SocketException.class);
        }
        proxy.heal();
        try (FramedClient retry = connect()) {
            assertThat(retry.roundTrip(PRODUCE, 1, "again")).isEqualTo(new Response(1, "again"));
        }
        Await.until(TIMEOUT, "only the acceptor thread left", () -> proxyThreads().size() == 1);
    }

    @Test
    void responsesAreMatchedToTheirRequestsWhenSomeRequestsGetNone() throws IOException {
        proxy.dropResponses(METADATA, 1);
        try (FramedClient client = connect()) {
            client.send(PRODUCE, 1, FramedEchoServer.NO_RESPONSE);
            assertThat(client.roundTrip(PRODUCE, 2, "acked")).isEqualTo(new Response(2, "acked"));
            client.send(METADATA, 3, "dropped");
            assertThat(client.readToEnd().bytes()).isEmpty();
        }
        assertThat(proxy.responses(PRODUCE)).isEqualTo(1);
        assertThat(proxy.responses(METADATA)).isEqualTo(1);
        assertThat(proxy.droppedResponses()).isEqualTo(1);
    }

    @Test
    void rewriteResponsesSendsTheRewrittenBytesAsTheyAre() throws IOException {
        proxy.rewriteResponses(METADATA, frame -> {
            frame.put(8, (byte) 'H');
            return frame;
        });
        try (FramedClient client = connect()) {
            assertThat(client.roundTrip(METADATA, 1, "hostile")).isEqualTo(new Response(1, "Hostile"));
            assertThat(client.roundTrip(PRODUCE, 2, "harmless")).isEqualTo(new Response(2, "harmless"));

            proxy.rewriteResponses(METADATA, frame -> ByteBuffer.allocate(12).putInt(Integer.MAX_VALUE).putInt(3)
                    .put("xyzw".getBytes(StandardCharsets.UTF_8)).flip());
            client.send(METADATA, 3, "whatever");
            ByteBuffer lie = ByteBuffer.wrap(client.read(12));
            assertThat(lie.getInt()).isEqualTo(Integer.MAX_VALUE);
            assertThat(lie.getInt()).isEqualTo(3);
            assertThat(client.available()).isZero();
        }
        assertThat(proxy.rewrittenResponses()).isEqualTo(2);
    }

    @Test
    void healClearsEveryFault() throws IOException {
        proxy.latency(Duration.ofHours(1)).bandwidth(1).blackHole(true).refuseConnections(true)
                .dropResponses(PRODUCE, 5).resetInResponse(PRODUCE, 5)
                .rewriteResponses(PRODUCE, frame -> ByteBuffer.allocate(0));
        proxy.heal();
        try (FramedClient client = connect()) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.roundTrip(PRODUCE, i, "fine " + i)).isEqualTo(new Response(i, "fine " + i));
            }
        }
        assertThat(proxy.droppedResponses() + proxy.cutResponses() + proxy.rewrittenResponses()).isZero();
    }

    @Test
    void aFrameSizeKafkaCannotHaveResetsTheConnection() throws IOException {
        try (FramedClient client = connect()) {
            client.sendRaw(ByteBuffer.allocate(12).putInt(-5).putInt(0).putInt(0).array());
            assertThat(client.readToEnd().failure()).isInstanceOf(SocketException.class);
        }
        try (FramedClient client = connect()) {
            client.sendRaw(ByteBuffer.allocate(4).putInt(FaultProxy.MAX_FRAME_BYTES + 1).array());
            assertThat(client.readToEnd().failure()).isInstanceOf(SocketException.class);
        }
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aConnectionTheTargetRefusesIsReset() throws IOException {
        try (FaultProxy toNowhere = FaultProxy.start("localhost", KafkaNodeProcess.freePorts(1).get(0));
                FramedClient client = new FramedClient(toNowhere.port())) {
            assertThat(client.readToEnd().failure()).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void closeEndsConnectionsAndReleasesThePort() throws IOException {
        try (FramedClient client = connect()) {
            client.roundTrip(METADATA, 1, "bye");
            proxy.close();
            Ending ending = client.readToEnd();
            assertThat(ending.bytes()).isEmpty();
            assertThat(proxy.openConnections()).isZero();
        }
        assertThatThrownBy(() -> new Socket("localhost", proxy.port()).close()).isInstanceOf(ConnectException.class);
        Await.until(TIMEOUT, "every proxy thread to end", () -> proxyThreads().isEmpty());
    }

    private List<String> proxyThreads() {
        String prefix = "kafkago-fault-proxy-" + proxy.port() + "-";
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith(prefix))
                .collect(Collectors.toList());
    }

    @Test
    void awaitingAFaultThatNeverFiresTimesOutSayingWhatWasSeen() {
        proxy.dropResponses(PRODUCE, 1);
        assertThatThrownBy(() -> proxy.awaitDroppedResponses(1, Duration.ofMillis(100)))
                .isInstanceOf(KafkaTestSetupException.class)
                .hasMessageContaining("dropped responses").hasMessageContaining("seen: 0");
    }
}
