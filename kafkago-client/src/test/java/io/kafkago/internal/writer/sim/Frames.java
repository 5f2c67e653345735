package io.kafkago.internal.writer.sim;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolReader;
import io.kafkago.protocol.ProtocolWriter;
import io.kafkago.protocol.message.RequestHeader;
import io.kafkago.protocol.message.ResponseHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The broker's side of Kafka framing: a request is a size-prefixed frame with request header v1 (v2 for
 * flexible versions) and the body; a response is a size-prefixed frame with response header v0 (v1 for
 * flexible versions, but always v0 for ApiVersions) and the body, as {@link ApiKey#responseHeaderVersion} says.
 */
final class Frames {

    /** Largest request accepted: the broker default {@code socket.request.max.bytes} (100 MiB). */
    private static final int MAX_REQUEST_SIZE = 100 * 1024 * 1024;
    /** Api key, api version and correlation id: the least a request header holds. */
    private static final int MIN_REQUEST_SIZE = 8;

    /** One decoded request. */
    record Request(ApiKey apiKey, short version, int correlationId, ApiMessage body) {
    }

    private Frames() {
    }

    /**
     * Reads the next request.
     *
     * @throws java.io.EOFException when the client closed the connection before a frame began
     * @throws IOException          on a broken connection or a frame this broker cannot parse
     */
    static Request read(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < MIN_REQUEST_SIZE || size > MAX_REQUEST_SIZE) {
            throw new IOException("request frame of " + size + " bytes");
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        ApiKey apiKey = ApiKey.forId(buffer.getShort(0));
        if (apiKey == null) {
            throw new IOException("request for unknown api key " + buffer.getShort(0));
        }
        short version = buffer.getShort(2);
        ProtocolReader reader = new ProtocolReader(buffer);
        RequestHeader header = RequestHeader.read(reader, apiKey.requestHeaderVersion(version));
        return new Request(apiKey, version, header.correlationId(), apiKey.parseRequest(reader, version));
    }

    /** The response frame answering {@code request} with {@code body}, at the request's version. */
    static byte[] response(Request request, ApiMessage body) {
        ProtocolWriter out = new ProtocolWriter();
        out.writeInt32(0);
        new ResponseHeader().setCorrelationId(request.correlationId())
                .write(out, request.apiKey().responseHeaderVersion(request.version()));
        body.write(out, request.version());
        out.putInt32At(0, out.size() - 4);
        return out.toByteArray();
    }
}
