package io.kafkago.test.fault;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestSetupException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy in front of one Kafka broker that breaks the network on command: latency, a bandwidth cap, a black hole,
 * refused or reset connections, and, because it understands Kafka framing, faults aimed at the responses to one API
 * (cut mid-frame, lost, or rewritten into hostile bytes).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start("localhost", 9092)) {
 *     // point the client at proxy.address(); advertise it as the broker's address for clients
 *     proxy.dropResponses(ApiKeys.PRODUCE.id, 1).refuseConnections(true);   // the write lands, its ack is lost
 *     ...
 *     proxy.awaitDroppedResponses(1, Duration.ofSeconds(30));
 *     proxy.heal();
 * }
 * }</pre>
 *
 * <p>Every control is thread-safe and applies to live connections (even to frames already held back) and to new ones;
 * {@link #heal()} clears them all. The proxy reads the 4-byte big-endian size prefix of every frame, the api key and
 * correlation id of requests and the correlation id of responses, and matches each response to its request (brokers
 * answer in request order on a connection). It carries plaintext Kafka only: a frame larger than
 * {@link #MAX_FRAME_BYTES} (as a TLS handshake would look) resets the connection. API keys are those of the Kafka
 * protocol, for example {@code org.apache.kafka.common.protocol.ApiKeys.PRODUCE.id}.
 *
 * <p>Each proxied connection uses four daemon threads (a reader and a writer each way), so latency delays each frame
 * without limiting how many are in flight.
 */
public final class FaultProxy implements AutoCloseable {

    /** Largest frame the proxy forwards; a bigger size prefix means the stream is not plaintext Kafka. */
    public static final int MAX_FRAME_BYTES = FramePump.MAX_FRAME_BYTES;

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final ProxyFaults faults = new ProxyFaults();
    private final TrafficCounters counters = new TrafficCounters();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private volatile boolean closed;

    private FaultProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        this.acceptor = new Thread(this::accept, "kafkago-fault-proxy-" + server.getLocalPort() + "-accept");
        acceptor.setDaemon(true);
    }

    /** Starts a proxy on a free port of {@code localhost} forwarding to {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort) {
        return start(0, targetHost, targetPort);
    }

    /**
     * Starts a proxy listening on {@code localhost:port} (0 for a free port) and forwarding to
     * {@code targetHost:targetPort}. The target need not be up: a connection the proxy cannot pass on is reset.
     *
     * @throws KafkaTestSetupException if the port cannot be bound
     */
    public static FaultProxy start(int port, String targetHost, int targetPort) {
        Objects.requireNonNull(targetHost, "targetHost");
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("localhost", port));
        } catch (IOException e) {
            closeQuietly(server);
            throw new KafkaTestSetupException("Cannot listen on localhost:" + port + " for a fault proxy", e);
        }
        FaultProxy proxy = new FaultProxy(server, InetSocketAddress.createUnresolved(targetHost, targetPort));
        proxy.acceptor.start();
        log.debug("Fault proxy {} -> {}:{} started", proxy.address(), targetHost, targetPort);
        return proxy;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Fault proxy {} stopped accepting connections", address(), e);
                }
                return;
            }
            if (faults.refuseConnections()) {
                counters.refusedConnections.increment();
                reset(client);
                continue;
            }
            counters.acceptedConnections.increment();
            ProxiedConnection connection = new ProxiedConnection(this, faults, counters, client,
                    connectionNumbers.incrementAndGet());
            connections.add(connection);
            if (closed) {
                connection.close();
                return;
            }
            connection.start();
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closing below is all that matters
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to release
        }
    }

    /** Called by a connection once it has closed. */
    void closed(ProxiedConnection connection) {
        connections.remove(connection);
    }

    /** The port the proxy listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code localhost:port}: the address clients should use instead of the broker's. */
    public String address() {
        return "localhost:" + port();
    }

    /** The broker address the proxy forwards to (unresolved, as given). */
    public InetSocketAddress target() {
        return target;
    }

    /**
     * Holds every frame, each direction, for {@code latency} after the proxy read it before forwarding it (so a round
     * trip gains twice the latency). {@link Duration#ZERO} removes the delay, also for frames held back now.
     */
    public FaultProxy latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        faults.latency(latency);
        return this;
    }

    /**
     * Caps each connection's throughput, each direction, at {@code bytesPerSecond} (sent in chunks of a twentieth of a
     * second's worth); {@link Long#MAX_VALUE} removes the cap.
     */
    public FaultProxy bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, got " + bytesPerSecond);
        }
        faults.bandwidth(bytesPerSecond);
        return this;
    }

    /**
     * Cuts the broker off like a network partition: connections are accepted and kept open but nothing is forwarded
     * either way. TCP loses nothing, so after {@code blackHole(false)} what was held back is delivered late, unless a
     * side gave up and closed its connection meanwhile.
     */
    public FaultProxy blackHole(boolean on) {
        faults.blackHole(on);
        return this;
    }

    /**
     * Refuses new connections while on: each is accepted and reset at once (RST), so a client sees "connection reset"
     * on its first read or write, never a hang. The port stays bound, so nothing else can take it. Live connections are
     * not affected (see {@link #resetConnections()}); a connection counts as live once the proxy has accepted it, so
     * one whose TCP handshake completed just before this call may still be refused.
     */
    public FaultProxy refuseConnections(boolean on) {
        faults.refuseConnections(on);
        return this;
    }

    /** Resets every live connection now (RST to both client and broker, SO_LINGER 0); returns how many. */
    public int resetConnections() {
        List<ProxiedConnection> live = List.copyOf(connections);
        live.forEach(ProxiedConnection::abort);
        log.info("Fault proxy {}: reset {} connection(s)", address(), live.size());
        return live.size();
    }

    /**
     * The next {@code count} responses to {@code apiKey} are cut: the proxy forwards about half of the frame, then
     * resets the connection. Replaces an earlier count for that API.
     */
    public FaultProxy resetInResponse(short apiKey, int count) {
        faults.cutResponses(apiKey, requireCount(count));
        return this;
    }

    /**
     * The next {@code count} responses to {@code apiKey} are lost: the requests reach the broker and are processed, the
     * proxy swallows each response and closes that connection (client and broker side, FIN). This is the lost
     * acknowledgement: follow with {@code refuseConnections(true)} to keep the client from reconnecting until the test
     * says so. Replaces an earlier count for that API.
     */
    public FaultProxy dropResponses(short apiKey, int count) {
        faults.dropResponses(apiKey, requireCount(count));
        return this;
    }

    private static int requireCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        return count;
    }

    /**
     * Replaces every response to {@code apiKey} by what {@code rewriter} returns, until {@link #heal()}. The rewriter
     * gets a writable copy of the whole frame: the int32 size prefix at index 0, the correlation id at 4, then the
     * rest of the header and the body. The bytes between the returned buffer's position and limit are sent as they
     * are, so a test can produce a lying size prefix, a truncated body or a huge array count on purpose.
     */
    public FaultProxy rewriteResponses(short apiKey, UnaryOperator<ByteBuffer> rewriter) {
        faults.rewriteResponses(apiKey, Objects.requireNonNull(rewriter, "rewriter"));
        return this;
    }

    /** Clears every fault: no latency, no cap, no black hole, connections accepted, no response faults pending. */
    public FaultProxy heal() {
        faults.heal();
        return this;
    }

    /** Requests to {@code apiKey} the proxy has read from clients. */
    public long requests(short apiKey) {
        return counters.requests(apiKey);
    }

    /** Responses to {@code apiKey} the proxy has read from the broker (dropped, cut and rewritten ones included). */
    public long responses(short apiKey) {
        return counters.responses(apiKey);
    }

    /** Responses swallowed by {@link #dropResponses}. */
    public long droppedResponses() {
        return counters.droppedResponses.sum();
    }

    /** Responses cut by {@link #resetInResponse}. */
    public long cutResponses() {
        return counters.cutResponses.sum();
    }

    /** Responses replaced by a {@link #rewriteResponses} rewriter. */
    public long rewrittenResponses() {
        return counters.rewrittenResponses.sum();
    }

    /** Connections accepted and passed on (refused ones not included). */
    public long acceptedConnections() {
        return counters.acceptedConnections.sum();
    }

    /** Connections reset at once because {@link #refuseConnections} was on. */
    public long refusedConnections() {
        return counters.refusedConnections.sum();
    }

    /** Connections open through the proxy now. */
    public int openConnections() {
        return connections.size();
    }

    /** Waits until the proxy has read at least {@code count} requests to {@code apiKey}. */
    public void awaitRequests(short apiKey, long count, Duration timeout) {
        await(() -> requests(apiKey), count, ProxiedConnection.apiName(apiKey) + " requests", timeout);
    }

    /** Waits until the proxy has read at least {@code count} responses to {@code apiKey}. */
    public void awaitResponses(short apiKey, long count, Duration timeout) {
        await(() -> responses(apiKey), count, ProxiedConnection.apiName(apiKey) + " responses", timeout);
    }

    /** Waits until at least {@code count} responses have been dropped: the fault has fired. */
    public void awaitDroppedResponses(long count, Duration timeout) {
        await(this::droppedResponses, count, "dropped responses", timeout);
    }

    /** Waits until at least {@code count} responses have been cut. */
    public void awaitCutResponses(long count, Duration timeout) {
        await(this::cutResponses, count, "cut responses", timeout);
    }

    private void await(LongSupplier counter, long count, String what, Duration timeout) {
        try {
            Await.until(timeout, count + " " + what + " at fault proxy " + address(),
                    () -> counter.getAsLong() >= count);
        } catch (KafkaTestSetupException e) {
            throw new KafkaTestSetupException(e.getMessage() + " (seen: " + counter.getAsLong() + ")", e);
        }
    }

    /** Stops accepting, closes every connection and releases the port. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        List.copyOf(connections).forEach(ProxiedConnection::close);
        try {
            acceptor.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.debug("Fault proxy {} closed", address());
    }

    @Override
    public String toString() {
        return "FaultProxy[" + address() + " -> " + target.getHostString() + ":" + target.getPort() + "]";
    }
}
