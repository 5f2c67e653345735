package io.kafkago.test.fault;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in broker for proxy tests: reads Kafka-framed requests (size, api key, api version, correlation id,
 * payload) and answers each with its correlation id and the same payload, in order. A request whose payload is
 * {@link #NO_RESPONSE} gets no answer (like an acks=0 produce); responses to a held API wait for the test's latch.
 */
final class FramedEchoServer implements AutoCloseable {

    static final String NO_RESPONSE = "no-response";

    /** A request as the server received it. */
    record Request(short apiKey, int correlationId, String payload) {
    }

    private final ServerSocket server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<Short, CountDownLatch> held = new ConcurrentHashMap<>();
    private final AtomicInteger endedConnections = new AtomicInteger();

    FramedEchoServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress("localhost", 0));
        Thread acceptor = new Thread(this::accept, "framed-echo-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Request> received() {
        return List.copyOf(received);
    }

    /** Connections whose client side went away (closed or reset). */
    int endedConnections() {
        return endedConnections.get();
    }

    /** Responses to {@code apiKey} wait until the returned latch is counted down. */
    CountDownLatch holdResponses(short apiKey) {
        CountDownLatch latch = new CountDownLatch(1);
        held.put(apiKey, latch);
        return latch;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread serve = new Thread(() -> serve(socket), "framed-echo-server-connection");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int size = in.readInt();
                short apiKey = in.readShort();
                in.readShort();
                int correlationId = in.readInt();
                byte[] payload = new byte[size - 8];
                in.readFully(payload);
                String text = new String(payload, StandardCharsets.UTF_8);
                received.add(new Request(apiKey, correlationId, text));
                if (text.equals(NO_RESPONSE)) {
                    continue;
                }
                CountDownLatch latch = held.get(apiKey);
                if (latch != null) {
                    latch.await();
                }
                out.writeInt(4 + payload.length);
                out.writeInt(correlationId);
                out.write(payload);
                out.flush();
            }
        } catch (IOException e) {
            endedConnections.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
