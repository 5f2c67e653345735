package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.message.MetadataResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A metadata refresh whose broker answers with bytes that cannot be read asks the next broker: one broken broker
 * must not keep a pool from learning the cluster (fault scenario 13: a Reader stopped fetching from every broker
 * while its one connection was to a broker whose answers were rewritten into garbage).
 */
class MetadataCacheFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ConnectionSettings SETTINGS = new ConnectionSettings("failover-test", Duration.ofSeconds(2),
            Duration.ofSeconds(2), null, null, 1024 * 1024, ConnectionSettings.SOFTWARE_NAME,
            ConnectionSettings.SOFTWARE_VERSION);
    private static final int GOOD_BROKER_ID = 7;

    @Test
    void aRefreshAnsweredWithGarbageIsAnsweredByTheNextBroker() throws Exception {
        try (FakeBroker garbling = new FakeBroker(MetadataCacheFailoverTest::answerMetadataWithGarbage);
             FakeBroker good = new FakeBroker(MetadataCacheFailoverTest::answerMetadata);
             ConnectionPool pool = new ConnectionPool(SETTINGS, List.of(garbling.address(), good.address()))) {
            ClusterMetadata cluster = BrokerConnection.await(pool.metadata().refresh(List.of()), WAIT.toNanos(),
                    "metadata");
            assertThat(cluster.brokers()).containsOnlyKeys(GOOD_BROKER_ID);
        }
    }

    private static void answerMetadataWithGarbage(FakeBroker broker) throws IOException {
        broker.answerApiVersions();
        while (true) {
            FakeBroker.Request request = broker.readRequest();
            broker.writeFrame(request.correlationId(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        }
    }

    private static void answerMetadata(FakeBroker broker) throws IOException {
        broker.answerApiVersions();
        while (true) {
            FakeBroker.Request request = broker.readRequest();
            if (request.apiKey() == ApiKey.METADATA.id()) {
                broker.answer(request, new MetadataResponse().setClusterId("fake").setControllerId(GOOD_BROKER_ID)
                        .setBrokers(List.of(new MetadataResponse.MetadataResponseBroker().setNodeId(GOOD_BROKER_ID)
                                .setHost(broker.address().host()).setPort(broker.address().port()))));
            }
        }
    }
}
