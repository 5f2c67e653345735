package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.message.MetadataResponse;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A "broker" that answers garbage, huge sizes or hangs up must give typed errors, bounded memory, no hang. */
class BrokerConnectionHostileTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ConnectionSettings SETTINGS = new ConnectionSettings("hostile-test", Duration.ofSeconds(2),
            Duration.ofSeconds(2), null, null, 1024 * 1024, ConnectionSettings.SOFTWARE_NAME,
            ConnectionSettings.SOFTWARE_VERSION);

    private static KafkaException dialFailure(FakeBroker.Script script) throws Exception {
        try (FakeBroker broker = new FakeBroker(script);
             BrokerConnection connection = BrokerConnection.open(broker.address(), SETTINGS)) {
            Throwable thrown = catchKafka(() -> connection.awaitReady(WAIT));
            assertThat(connection.isOpen()).isFalse();
            return (KafkaException) thrown;
        }
    }

    private static Throwable catchKafka(Runnable action) {
        try {
            action.run();
        } catch (KafkaException e) {
            return e;
        }
        throw new AssertionError("expected a KafkaException");
    }

    @Test
    void aTwoGibibyteSizePrefixIsRejectedBeforeAllocating() throws Exception {
        KafkaException error = dialFailure(broker -> {
            broker.readRequest();
            broker.writeInt(Integer.MAX_VALUE);
            broker.waitForClientToClose();
        });
        assertThat(error).isInstanceOf(KafkaProtocolException.class).hasMessageContaining("2147483647 bytes");
    }

    @Test
    void aNegativeSizePrefixIsRejected() throws Exception {
        KafkaException error = dialFailure(broker -> {
            broker.readRequest();
            broker.writeInt(-1);
            broker.waitForClientToClose();
        });
        assertThat(error).isInstanceOf(KafkaProtocolException.class).hasMessageContaining("4294967295 bytes");
    }

    @Test
    void garbageInsteadOfApiVersionsIsAProtocolError() throws Exception {
        KafkaException error = dialFailure(broker -> {
            broker.readRequest();
            broker.writeRaw("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
            broker.waitForClientToClose();
        });
        assertThat(error).isInstanceOf(KafkaProtocolException.class);
    }

    @Test
    void aWrongCorrelationIdIsAProtocolError() throws Exception {
        KafkaException error = dialFailure(broker -> {
            FakeBroker.Request request = broker.readRequest();
            broker.writeFrame(request.correlationId() + 77, new byte[] {0, 0});
            broker.waitForClientToClose();
        });
        assertThat(error).isInstanceOf(KafkaProtocolException.class).hasMessageContaining("correlation id");
    }

    @Test
    void aBrokerThatHangsUpIsAConnectionError() throws Exception {
        KafkaException error = dialFailure(broker -> {
            broker.readRequest();
            broker.closeConnection();
        });
        assertThat(error).isInstanceOf(KafkaConnectionException.class);
    }

    @Test
    void aSilentBrokerTimesOutAtTheDialTimeout() throws Exception {
        long start = System.nanoTime();
        KafkaException error = dialFailure(broker -> {
            broker.readRequest();
            broker.waitForClientToClose();
        });
        assertThat(error).isInstanceOf(KafkaTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
    }

    @Test
    void closingMidResponseFailsThePendingRequest() throws Exception {
        try (FakeBroker broker = new FakeBroker(fake -> {
            fake.answerApiVersions();
            FakeBroker.Request request = fake.readRequest();
            fake.writeInt(1000);
            fake.writeInt(request.correlationId());
            fake.writeRaw(new byte[10]);
            fake.closeConnection();
        }); BrokerConnection connection = BrokerConnection.open(broker.address(), SETTINGS)) {
            connection.awaitReady(WAIT);
            CompletableFuture<MetadataResponse> metadata = connection.send(MetadataCache.request(List.of(), false));
            assertThatThrownBy(() -> BrokerConnection.await(metadata, WAIT.toNanos(), "metadata"))
                    .isInstanceOf(KafkaConnectionException.class);
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void aLargeAnnouncedBodyThatNeverArrivesIsAConnectionError() throws Exception {
        ConnectionSettings roomy = new ConnectionSettings("hostile-test", Duration.ofSeconds(2), Duration.ofSeconds(2),
                null, null, 64 * 1024 * 1024, ConnectionSettings.SOFTWARE_NAME, ConnectionSettings.SOFTWARE_VERSION);
        try (FakeBroker broker = new FakeBroker(fake -> {
            fake.answerApiVersions();
            FakeBroker.Request request = fake.readRequest();
            fake.writeInt(60 * 1024 * 1024);
            fake.writeInt(request.correlationId());
            fake.writeRaw(new byte[3 * 1024 * 1024]);
            fake.closeConnection();
        }); BrokerConnection connection = BrokerConnection.open(broker.address(), roomy)) {
            connection.awaitReady(WAIT);
            CompletableFuture<MetadataResponse> metadata = connection.send(MetadataCache.request(List.of(), false));
            assertThatThrownBy(() -> BrokerConnection.await(metadata, WAIT.toNanos(), "metadata"))
                    .isInstanceOf(KafkaConnectionException.class)
                    .hasMessageContaining("ended in the middle");
        }
    }

    @Test
    void readBodyGrowsWithTheBytesThatArrive() throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(payload);
        byte[] read = BrokerConnection.readBody(new DataInputStream(
                new ByteArrayInputStream(payload)), payload.length);
        assertThat(read).isEqualTo(payload);
        assertThatThrownBy(() -> BrokerConnection.readBody(new DataInputStream(
                new ByteArrayInputStream(payload)), payload.length + 1))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void anUndecodableBodyFailsOnlyItsRequest() throws Exception {
        try (FakeBroker broker = new FakeBroker(fake -> {
            fake.answerApiVersions();
            FakeBroker.Request first = fake.readRequest();
            fake.writeFrame(first.correlationId(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
            FakeBroker.Request second = fake.readRequest();
            fake.writeFrame(second.correlationId(), new byte[] {(byte) 0xff});
            fake.waitForClientToClose();
        }); BrokerConnection connection = BrokerConnection.open(broker.address(), SETTINGS)) {
            connection.awaitReady(WAIT);
            CompletableFuture<MetadataResponse> first = connection.send(MetadataCache.request(List.of(), false));
            assertThatThrownBy(() -> BrokerConnection.await(first, WAIT.toNanos(), "metadata"))
                    .isInstanceOf(KafkaProtocolException.class);
            assertThat(connection.isOpen()).isTrue();
            CompletableFuture<MetadataResponse> second = connection.send(MetadataCache.request(List.of(), false));
            assertThatThrownBy(() -> BrokerConnection.await(second, WAIT.toNanos(), "metadata"))
                    .isInstanceOf(KafkaProtocolException.class);
        }
    }

    @Test
    void anUnansweredRequestTimesOutAndALateAnswerIsDropped() throws Exception {
        try (FakeBroker broker = new FakeBroker(fake -> {
            fake.answerApiVersions();
            FakeBroker.Request slow = fake.readRequest();
            FakeBroker.Request next = fake.readRequest();
            fake.writeFrame(slow.correlationId(), new byte[] {1, 2, 3}); // late: its request already timed out
            fake.writeFrame(next.correlationId(), new byte[] {(byte) 0xff});
            fake.waitForClientToClose();
        }); BrokerConnection connection = BrokerConnection.open(broker.address(), SETTINGS)) {
            connection.awaitReady(WAIT);
            short version = connection.negotiatedVersion(ApiKey.METADATA);
            CompletableFuture<MetadataResponse> slow = connection.send(MetadataCache.request(List.of(), false), version,
                    Duration.ofMillis(200));
            assertThatThrownBy(() -> BrokerConnection.await(slow, WAIT.toNanos(), "slow"))
                    .isInstanceOf(KafkaTimeoutException.class);
            CompletableFuture<MetadataResponse> next = connection.send(MetadataCache.request(List.of(), false));
            assertThatThrownBy(() -> BrokerConnection.await(next, WAIT.toNanos(), "next"))
                    .isInstanceOf(KafkaProtocolException.class); // its own (garbage) answer, not the late one
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void closeFailsEveryPendingRequest() throws Exception {
        try (FakeBroker broker = new FakeBroker(fake -> {
            fake.answerApiVersions();
            fake.waitForClientToClose();
        }); BrokerConnection connection = BrokerConnection.open(broker.address(), SETTINGS)) {
            connection.awaitReady(WAIT);
            CompletableFuture<MetadataResponse> a = connection.send(MetadataCache.request(List.of(), false));
            CompletableFuture<MetadataResponse> b = connection.send(MetadataCache.request(List.of(), false));
            connection.close();
            for (CompletableFuture<MetadataResponse> pending : List.of(a, b)) {
                assertThatThrownBy(() -> BrokerConnection.await(pending, WAIT.toNanos(), "pending"))
                        .isInstanceOf(KafkaConnectionException.class);
            }
            assertThatThrownBy(() -> BrokerConnection.await(connection.send(MetadataCache.request(List.of(), false)),
                    WAIT.toNanos(), "after close")).isInstanceOf(KafkaConnectionException.class);
        }
    }

    @Test
    void nothingListeningIsAConnectionError() {
        BrokerConnection connection = BrokerConnection.open(new BrokerAddress("127.0.0.1", 1), SETTINGS);
        assertThatThrownBy(() -> connection.awaitReady(WAIT)).isInstanceOf(KafkaConnectionException.class);
    }
}
