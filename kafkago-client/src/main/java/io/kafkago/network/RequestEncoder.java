package io.kafkago.network;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolWriter;
import java.nio.ByteBuffer;

/**
 * Turns a request into one size-prefixed frame: request header (v1, or v2 with tagged fields for
 * flexible versions; the client id is never compact) followed by the body. One per connection,
 * used under its write lock; the buffer is reused unless a large request grew it.
 */
final class RequestEncoder {

    private static final int INITIAL_CAPACITY = 4096;
    /** A buffer grown beyond this by a large produce request is dropped after use rather than kept. */
    private static final int RETAINED_CAPACITY = 1024 * 1024;

    private final String clientId;
    private ProtocolWriter writer = new ProtocolWriter(INITIAL_CAPACITY);

    RequestEncoder(String clientId) {
        this.clientId = clientId;
    }

    /** The frame, valid until {@link #release()} or the next call. */
    ByteBuffer encode(ApiMessage request, short version, int correlationId) {
        ApiKey apiKey = request.apiKey();
        writer.reset();
        writer.writeInt32(0);
        writer.writeInt16(apiKey.id());
        writer.writeInt16(version);
        writer.writeInt32(correlationId);
        writer.writeString(clientId, false);
        if (apiKey.requestHeaderVersion(version) >= 2) {
            writer.writeUnsignedVarint(0);
        }
        request.write(writer, version);
        writer.putInt32At(0, writer.size() - 4);
        return writer.buffer();
    }

    /** Called after the frame was written; drops an oversized buffer. */
    void release() {
        if (writer.size() > RETAINED_CAPACITY) {
            writer = new ProtocolWriter(INITIAL_CAPACITY);
        }
    }
}
