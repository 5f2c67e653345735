package io.kafkago.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.UnsupportedVersionException;
import io.kafkago.protocol.message.ApiVersionsResponse;
import io.kafkago.protocol.message.MetadataResponse;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** ApiKey against kafka-clients' own ApiKeys table. */
class ApiKeyTest {

    @Test
    void hasExactlyTheApisBrokersServe() {
        Set<Integer> ours = EnumSet.allOf(ApiKey.class).stream().map(key -> (int) key.id()).collect(Collectors.toSet());
        Set<Integer> brokers = ApiKeys.apisForListener(ApiMessageType.ListenerType.BROKER).stream()
                .map(key -> (int) key.id).collect(Collectors.toSet());
        assertThat(ours).isEqualTo(brokers);
    }

    @Test
    void versionsAndHeadersMatchKafkaClients() {
        for (ApiKey key : ApiKey.values()) {
            ApiKeys kafka = ApiKeys.forId(key.id());
            assertThat(key.displayName()).isEqualTo(kafka.name);
            assertThat(key.oldestVersion()).as("%s oldest", key).isEqualTo(kafka.oldestVersion());
            assertThat(key.latestVersion(true)).as("%s latest", key).isEqualTo(kafka.latestVersion(true));
            if (kafka.latestVersion(false) >= kafka.oldestVersion()) {
                assertThat(key.latestVersion()).as("%s latest stable", key).isEqualTo(kafka.latestVersion(false));
            }
            for (short version = key.oldestVersion(); version <= key.latestVersion(true); version++) {
                assertThat(key.requestHeaderVersion(version)).as("%s v%d request header", key, version)
                        .isEqualTo(kafka.requestHeaderVersion(version));
                assertThat(key.responseHeaderVersion(version)).as("%s v%d response header", key, version)
                        .isEqualTo(kafka.responseHeaderVersion(version));
            }
        }
    }

    @Test
    void namesAndFactsOthersRelyOn() {
        assertThat(ApiKey.forId(0)).isEqualTo(ApiKey.PRODUCE);
        assertThat(ApiKey.forId(2)).isEqualTo(ApiKey.LIST_OFFSETS);
        assertThat(ApiKey.forId(18)).isEqualTo(ApiKey.API_VERSIONS);
        assertThat(ApiKey.forId(-1)).isNull();
        assertThat(ApiKey.forId(10_000)).isNull();
        assertThat(ApiKey.PRODUCE.oldestVersion()).isEqualTo((short) 3);
        assertThat(ApiKey.OFFSET_COMMIT.latestVersion()).isEqualTo((short) (ApiKey.OFFSET_COMMIT.latestVersion(true) - 1));
        assertThat(ApiKey.API_VERSIONS.responseHeaderVersion((short) 4)).isZero();
        assertThat(ApiKey.METADATA.isFlexible((short) 8)).isFalse();
        assertThat(ApiKey.METADATA.isFlexible((short) 9)).isTrue();
    }

    @Test
    void parseDispatchesToTheGeneratedClass() {
        ProtocolWriter out = new ProtocolWriter();
        new MetadataResponse().setClusterId("c").write(out, (short) 12);
        ApiMessage parsed = ApiKey.METADATA.parseResponse(new ProtocolReader(out.buffer()), (short) 12);
        assertThat(parsed).isInstanceOf(MetadataResponse.class);
        assertThat(((MetadataResponse) parsed).clusterId()).isEqualTo("c");
        assertThat(parsed.apiKey()).isEqualTo(ApiKey.METADATA);

        out.reset();
        new ApiVersionsResponse().write(out, (short) 0);
        assertThat(ApiKey.API_VERSIONS.parseResponse(new ProtocolReader(out.buffer()), (short) 0))
                .isEqualTo(new ApiVersionsResponse());
    }

    @Test
    void parseRejectsVersionsOutsideTheRange() {
        assertThatThrownBy(() -> ApiKey.PRODUCE.parseRequest(new ProtocolReader(ByteBuffer.allocate(0)), (short) 2))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("Produce request version 2");
    }
}
