package io.kafkago.network;

import io.kafkago.KafkaProtocolException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolReader;
import java.nio.ByteBuffer;

/** Reads a response body after its correlation id: the rest of the header, then the message. */
final class ResponseDecoder {

    private ResponseDecoder() {
    }

    /**
     * Decodes a response of {@code apiKey} at {@code version}.
     *
     * @throws KafkaProtocolException when the bytes do not form that response
     */
    static ApiMessage decode(ApiKey apiKey, short version, ByteBuffer body) {
        ProtocolReader reader = new ProtocolReader(body);
        if (apiKey.responseHeaderVersion(version) >= 1) {
            int count = reader.readTaggedFieldCount();
            for (int i = 0; i < count; i++) {
                reader.readUnsignedVarint();
                reader.skip(reader.readTaggedFieldSize(), "response header tagged field");
            }
        }
        return apiKey.parseResponse(reader, version);
    }
}
