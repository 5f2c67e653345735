package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.protocol.ProtocolWriter;
import io.kafkago.protocol.message.FetchRequest;
import io.kafkago.protocol.message.FetchResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A response body array handed back with {@code recycleResponseBody} is reused for the next response that fits. */
class BrokerConnectionBodyRecyclingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final short FETCH_VERSION = 11; // response header v0: the fake writes bodies as they are
    private static final ConnectionSettings SETTINGS = new ConnectionSettings("recycling-test", Duration.ofSeconds(2),
            Duration.ofSeconds(2), null, null, 8 * 1024 * 1024, ConnectionSettings.SOFTWARE_NAME,
            ConnectionSettings.SOFTWARE_VERSION);
    private static final int LARGE = 200_000;
    private static final int SMALLER = 150_000;
    private static final int LARGER = 300_000;

    @Test
    void aRecycledBodyCarriesTheNextResponseThatFitsAndLargerOnesGetTheirOwn() throws Exception {
        try (FakeBroker broker = new FakeBroker(fake -> {
            fake.answerApiVersions();
            answerFetch(fake, records(LARGE, (byte) 1));
            answerFetch(fake, records(SMALLER, (byte) 2));
            answerFetch(fake, records(LARGER, (byte) 3));
            fake.waitForClientToClose();
        }); BrokerConnection connection = BrokerConnection.open(broker.address(), SETTINGS)) {
            connection.awaitReady(WAIT);

            ByteBuffer first = fetchRecords(connection);
            assertThat(bytes(first)).isEqualTo(records(LARGE, (byte) 1));
            byte[] firstBody = first.array();
            connection.recycleResponseBody(firstBody);

            ByteBuffer second = fetchRecords(connection);
            assertThat(second.array()).isSameAs(firstBody);
            assertThat(bytes(second)).isEqualTo(records(SMALLER, (byte) 2));
            connection.recycleResponseBody(second.array());

            ByteBuffer third = fetchRecords(connection);
            assertThat(third.array()).isNotSameAs(firstBody);
            assertThat(bytes(third)).isEqualTo(records(LARGER, (byte) 3));
        }
    }

    private static ByteBuffer fetchRecords(BrokerConnection connection) {
        FetchRequest request = new FetchRequest().setReplicaId(-1).setMaxBytes(LARGER * 2).setTopics(List.of(
                new FetchRequest.FetchTopic().setTopic("t").setPartitions(List.of(
                        new FetchRequest.FetchPartition().setPartition(0).setPartitionMaxBytes(LARGER * 2)))));
        FetchResponse response = BrokerConnection.await(connection.<FetchResponse>send(request, FETCH_VERSION, WAIT),
                WAIT.toNanos(), "fetch");
        return response.responses().get(0).partitions().get(0).records();
    }

    private static void answerFetch(FakeBroker fake, byte[] records) throws IOException {
        FakeBroker.Request request = fake.readRequest();
        FetchResponse response = new FetchResponse().setResponses(List.of(new FetchResponse.FetchableTopicResponse()
                .setTopic("t").setPartitions(List.of(new FetchResponse.PartitionData().setPartitionIndex(0)
                        .setHighWatermark(records.length).setRecords(ByteBuffer.wrap(records))))));
        ProtocolWriter body = new ProtocolWriter();
        response.write(body, request.apiVersion());
        fake.writeFrame(request.correlationId(), body.toByteArray());
    }

    private static byte[] records(int size, byte fill) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, fill);
        bytes[size - 1] = (byte) (fill + 100); // the last byte tells a cut-off or stale tail apart
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
