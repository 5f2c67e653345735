package io.kafkago.network;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolWriter;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Turns a request into one size-prefixed frame: request header (v1, or v2 with tagged fields for
 * flexible versions; the client id is never compact) followed by the body. One per connection and
 * thread-safe: each frame is encoded into its own writer, taken from a small pool and handed back once
 * the frame is on the socket, so steady traffic reuses grown buffers instead of allocating per request.
 */
final class RequestEncoder {

    private static final int INITIAL_CAPACITY = 4096;
    /** A writer grown beyond this by a large produce request is dropped after use rather than kept. */
    private static final int RETAINED_CAPACITY = 1024 * 1024;
    /** Idle writers kept; more frames queued at once than this allocate. */
    private static final int POOLED_WRITERS = 8;

    private final String clientId;
    private final ArrayBlockingQueue<ProtocolWriter> idle = new ArrayBlockingQueue<>(POOLED_WRITERS);

    RequestEncoder(String clientId) {
        this.clientId = clientId;
    }

    /** The frame in a writer of its own; give the writer back with {@link #release} once it is written. */
    ProtocolWriter encode(ApiMessage request, short version, int correlationId) {
        ApiKey apiKey = request.apiKey();
        ProtocolWriter writer = idle.poll();
        if (writer == null) {
            writer = new ProtocolWriter(INITIAL_CAPACITY);
        }
        writer.reset();
        try {
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
            return writer;
        } catch (RuntimeException e) {
            release(writer);
            throw e;
        }
    }

    /** Takes a writer back after its frame was written (or dropped); oversized ones are let go. */
    void release(ProtocolWriter writer) {
        if (writer.capacity() <= RETAINED_CAPACITY) {
            idle.offer(writer);
        }
    }
}
