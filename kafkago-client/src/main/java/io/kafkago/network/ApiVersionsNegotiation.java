package io.kafkago.network;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.UnsupportedVersionException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.ApiVersionsRequest;
import io.kafkago.protocol.message.ApiVersionsResponse;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The first exchange on every connection: ApiVersions at our newest version (v3+ names the
 * client software). A broker that does not know that version answers UNSUPPORTED_VERSION with a
 * v0 body listing its own range; the request is then retried once at the highest version it lists.
 */
final class ApiVersionsNegotiation {

    /** Sends one request and returns the raw response body after the correlation id. */
    @FunctionalInterface
    interface RawExchange {
        ByteBuffer exchange(ApiMessage request, short version) throws IOException;
    }

    private ApiVersionsNegotiation() {
    }

    static ApiVersionTable negotiate(ConnectionSettings settings, String broker, RawExchange exchange) throws IOException {
        short version = ApiKey.API_VERSIONS.latestVersion();
        for (int attempt = 0; ; attempt++) {
            ApiVersionsRequest request = new ApiVersionsRequest();
            if (version >= 3) {
                request.setClientSoftwareName(settings.softwareName()).setClientSoftwareVersion(settings.softwareVersion());
            }
            ByteBuffer body = exchange.exchange(request, version);
            if (body.remaining() < 2) {
                throw new KafkaProtocolException("ApiVersions response from " + broker + " is " + body.remaining() + " bytes long");
            }
            short errorCode = body.getShort(body.position());
            if (errorCode == ErrorCode.UNSUPPORTED_VERSION.code() && attempt == 0) {
                ApiVersionsResponse fallback = (ApiVersionsResponse) ResponseDecoder.decode(ApiKey.API_VERSIONS, (short) 0, body);
                version = (short) Math.min(ApiKey.API_VERSIONS.latestVersion(), brokerMax(fallback, broker));
                if (version < ApiKey.API_VERSIONS.oldestVersion()) {
                    throw new UnsupportedVersionException("broker " + broker + " supports ApiVersions up to v" + version
                            + " only; this client needs v" + ApiKey.API_VERSIONS.oldestVersion() + "+");
                }
                continue;
            }
            if (errorCode != 0) {
                throw new KafkaBrokerException(ErrorCode.forCode(errorCode), errorCode, "ApiVersions with broker " + broker);
            }
            ApiVersionsResponse response = (ApiVersionsResponse) ResponseDecoder.decode(ApiKey.API_VERSIONS, version, body);
            ApiVersionTable.Builder table = new ApiVersionTable.Builder(broker);
            for (var api : response.apiKeys()) {
                table.add(api.apiKey(), api.minVersion(), api.maxVersion());
            }
            for (var feature : response.finalizedFeatures()) {
                table.finalizedFeature(feature.name(), feature.maxVersionLevel());
            }
            return table.build();
        }
    }

    private static short brokerMax(ApiVersionsResponse response, String broker) {
        for (var api : response.apiKeys()) {
            if (api.apiKey() == ApiKey.API_VERSIONS.id()) {
                return api.maxVersion();
            }
        }
        throw new UnsupportedVersionException("broker " + broker + " refused our ApiVersions version and lists none it supports");
    }
}
