package io.kafkago.test.fault;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client speaking the same framing as {@link FramedEchoServer}, for proxy tests. */
final class FramedClient implements AutoCloseable {

    /** Guards against a hung test only; no test relies on it firing. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** A response: correlation id and payload. */
    record Response(int correlationId, String payload) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    FramedClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", port));
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = new DataOutputStream(socket.getOutputStream());
    }

    void send(short apiKey, int correlationId, String payload) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        out.writeInt(8 + bytes.length);
        out.writeShort(apiKey);
        out.writeShort(0);
        out.writeInt(correlationId);
        out.write(bytes);
        out.flush();
    }

    /** Writes raw bytes, framing included. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Response receive() throws IOException {
        int size = in.readInt();
        int correlationId = in.readInt();
        byte[] payload = new byte[size - 4];
        in.readFully(payload);
        return new Response(correlationId, new String(payload, StandardCharsets.UTF_8));
    }

    Response roundTrip(short apiKey, int correlationId, String payload) throws IOException {
        send(apiKey, correlationId, payload);
        return receive();
    }

    /** Reads exactly {@code n} bytes. */
    byte[] read(int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    /** Reads until the stream ends or fails; returns what arrived and how it ended. */
    Ending readToEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
            return new Ending(bytes.toByteArray(), null);
        } catch (IOException e) {
            return new Ending(bytes.toByteArray(), e);
        }
    }

    /** How a connection ended: the bytes read before, and the exception (null for a clean end of stream). */
    record Ending(byte[] bytes, IOException failure) {
    }

    /** Bytes readable now without blocking. */
    int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
