package io.kafkago.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.UnsupportedVersionException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.ProtocolWriter;
import io.kafkago.protocol.message.ApiVersionsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiVersionsNegotiationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ApiVersionsResponse.ApiVersion range(ApiKey key, int min, int max) {
        return new ApiVersionsResponse.ApiVersion().setApiKey(key.id()).setMinVersion((short) min).setMaxVersion((short) max);
    }

    @Test
    void retriesAtTheHighestVersionAnOlderBrokerLists() throws Exception {
        List<Short> versionsSeen = new ArrayList<>();
        try (FakeBroker broker = new FakeBroker(fake -> {
            FakeBroker.Request first = fake.readRequest();
            versionsSeen.add(first.apiVersion());
            // An old broker: UNSUPPORTED_VERSION with its ranges in a v0 body.
            ProtocolWriter refusal = new ProtocolWriter();
            new ApiVersionsResponse().setErrorCode(ErrorCode.UNSUPPORTED_VERSION.code())
                    .setApiKeys(List.of(range(ApiKey.API_VERSIONS, 0, 2), range(ApiKey.METADATA, 1, 7)))
                    .write(refusal, (short) 0);
            fake.writeFrame(first.correlationId(), refusal.toByteArray());
            FakeBroker.Request second = fake.readRequest();
            versionsSeen.add(second.apiVersion());
            ProtocolWriter answer = new ProtocolWriter();
            new ApiVersionsResponse().setApiKeys(List.of(range(ApiKey.API_VERSIONS, 0, 2), range(ApiKey.METADATA, 1, 7)))
                    .write(answer, second.apiVersion());
            fake.writeFrame(second.correlationId(), answer.toByteArray());
            fake.waitForClientToClose();
        }); BrokerConnection connection = BrokerConnection.open(broker.address(), ConnectionSettings.DEFAULTS)) {
            connection.awaitReady(WAIT);
            assertThat(versionsSeen).containsExactly(ApiKey.API_VERSIONS.latestVersion(), (short) 2);
            assertThat(connection.negotiatedVersion(ApiKey.METADATA)).isEqualTo((short) 7);
            assertThat(connection.apiVersions().supports(ApiKey.PRODUCE)).isFalse();
            assertThatThrownBy(() -> connection.negotiatedVersion(ApiKey.PRODUCE))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessageContaining("broker: none");
        }
    }

    @Test
    void tableNegotiatesTheNewestSharedVersion() {
        ApiVersionTable table = new ApiVersionTable.Builder("b:1")
                .add(ApiKey.FETCH.id(), (short) 0, (short) 999)
                .add(ApiKey.PRODUCE.id(), (short) 0, (short) 1)
                .add(ApiKey.METADATA.id(), (short) 5, (short) 3) // nonsense range: ignored
                .build();
        assertThat(table.negotiatedVersion(ApiKey.FETCH)).isEqualTo(ApiKey.FETCH.latestVersion());
        assertThat(table.supports(ApiKey.PRODUCE)).isFalse(); // Kafka 4 clients need Produce v3+
        assertThatThrownBy(() -> table.negotiatedVersion(ApiKey.PRODUCE))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("broker: 0-1");
        assertThat(table.supports(ApiKey.METADATA)).isFalse();
        assertThat(table.brokerMaxVersion(ApiKey.FETCH)).isEqualTo((short) 999);
    }
}
