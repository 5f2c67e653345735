package io.kafkago.network;

import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolWriter;
import io.kafkago.protocol.message.ApiVersionsResponse;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A misbehaving "broker" on loopback for tests: accepts one connection and runs a script that
 * reads request frames and writes whatever bytes the test wants, valid or not. Public for the
 * tests of clients built on connections (a Reader fetching from it, say).
 */
public final class FakeBroker implements AutoCloseable {

    /** One request as read off the wire. */
    public record Request(short apiKey, short apiVersion, int correlationId) {
    }

    /** What the fake broker does with its accepted connection. */
    @FunctionalInterface
    public interface Script {
        void run(FakeBroker broker) throws IOException;
    }

    private final ServerSocket server;
    private final Thread thread;
    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    public FakeBroker(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket accepted = server.accept()) {
                socket = accepted;
                in = new DataInputStream(accepted.getInputStream());
                out = new DataOutputStream(accepted.getOutputStream());
                script.run(this);
            } catch (IOException ignored) {
                // the client closed first: the script is over either way
            }
        }, "fake-broker");
        thread.setDaemon(true);
        thread.start();
    }

    public BrokerAddress address() {
        return new BrokerAddress("127.0.0.1", server.getLocalPort());
    }

    public Request readRequest() throws IOException {
        int size = in.readInt();
        short apiKey = in.readShort();
        short apiVersion = in.readShort();
        int correlationId = in.readInt();
        in.skipNBytes(size - 8L);
        return new Request(apiKey, apiVersion, correlationId);
    }

    /** Answers an ApiVersions request with this client's own ranges, as a real broker would. */
    public void answerApiVersions() throws IOException {
        Request request = readRequest();
        List<ApiVersionsResponse.ApiVersion> versions = new ArrayList<>();
        for (ApiKey key : ApiKey.values()) {
            versions.add(new ApiVersionsResponse.ApiVersion().setApiKey(key.id())
                    .setMinVersion(key.oldestVersion()).setMaxVersion(key.latestVersion()));
        }
        ProtocolWriter body = new ProtocolWriter();
        new ApiVersionsResponse().setApiKeys(versions).write(body, request.apiVersion());
        writeFrame(request.correlationId(), body.toByteArray());
    }

    /** Answers {@code request} with a well-formed {@code response} at the request's version. */
    public void answer(Request request, ApiMessage response) throws IOException {
        short version = request.apiVersion();
        ProtocolWriter body = new ProtocolWriter();
        if (ApiKey.forId(request.apiKey()).responseHeaderVersion(version) >= 1) {
            body.writeUnsignedVarint(0); // no tagged fields in the response header
        }
        response.write(body, version);
        writeFrame(request.correlationId(), body.toByteArray());
    }

    public void writeFrame(int correlationId, byte[] body) throws IOException {
        out.writeInt(body.length + 4);
        out.writeInt(correlationId);
        out.write(body);
        out.flush();
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void writeInt(int value) throws IOException {
        out.writeInt(value);
        out.flush();
    }

    /** Waits until the client closes its side, without answering. */
    void waitForClientToClose() throws IOException {
        while (in.read() >= 0) {
            // discard
        }
    }

    void closeConnection() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (socket != null) {
            socket.close();
        }
    }
}
