package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.KafkaConnectionException;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.message.MetadataRequest;
import io.kafkago.protocol.message.ProduceRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A broker that stops reading (paused, cut off) must not block the caller of {@code send}: the Writer's one sender
 * thread serves every broker, so a send that waited for socket space would stall all partitions behind one broker.
 */
class BrokerConnectionStalledPeerTest {

    /** Far more than loopback socket buffers hold, so writing it blocks while the peer does not read. */
    private static final int LARGER_THAN_SOCKET_BUFFERS = 32 * 1024 * 1024;
    private static final Duration LONG_DEADLINE = Duration.ofMinutes(2);
    private static final ConnectionSettings SETTINGS = new ConnectionSettings("stalled-peer-test", Duration.ofSeconds(5),
            LONG_DEADLINE, null, null, 1024 * 1024, ConnectionSettings.SOFTWARE_NAME, ConnectionSettings.SOFTWARE_VERSION);

    @Test
    void sendReturnsAtOnceWhileThePeerReadsNothing() throws Exception {
        CountDownLatch peerMayClose = new CountDownLatch(1);
        try (FakeBroker broker = new FakeBroker(fake -> {
                 fake.answerApiVersions();
                 try {
                     peerMayClose.await(); // read nothing more: the client's frames pile up in the socket buffers
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 fake.closeConnection();
             });
             BrokerConnection connection = BrokerConnection.open(broker.address(), SETTINGS)) {
            connection.awaitReady(Duration.ofSeconds(10));

            CompletableFuture<ApiMessage> large = connection.send(largeProduce(), (short) -1, LONG_DEADLINE);
            CompletableFuture<ApiMessage> small = connection.send(new MetadataRequest().setTopics(List.of()),
                    (short) -1, LONG_DEADLINE);

            assertThat(large).as("the caller is not held until the frame is on the wire").isNotDone();
            assertThat(small).as("queued behind the large frame").isNotDone();
            peerMayClose.countDown();
            for (CompletableFuture<ApiMessage> request : List.of(large, small)) {
                assertThat(request).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                        .withCauseInstanceOf(KafkaConnectionException.class);
            }
        }
    }

    private static ProduceRequest largeProduce() {
        ByteBuffer records = ByteBuffer.allocate(LARGER_THAN_SOCKET_BUFFERS);
        return new ProduceRequest().setTransactionalId(null).setAcks((short) -1).setTimeoutMs(30_000)
                .setTopicData(List.of(new ProduceRequest.TopicProduceData().setName("t").setPartitionData(
                        List.of(new ProduceRequest.PartitionProduceData().setIndex(0).setRecords(records)))));
    }
}
