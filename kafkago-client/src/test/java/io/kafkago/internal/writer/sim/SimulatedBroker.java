package io.kafkago.internal.writer.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One broker of a {@link SimulatedCluster}: a server socket on loopback and a thread per accepted connection
 * ({@link BrokerSession}). The broker holds no data of its own; partitions live in the cluster, and whether
 * this broker leads one is the partition's business.
 *
 * <p>It can refuse connections, until told otherwise or for a while: a refused connection is accepted and
 * reset at once, which a client sees as a connection failure before its ApiVersions exchange (a closed
 * listening port could be taken by another process before it reopens). Refusing touches only new
 * connections; open ones go on working.
 */
final class SimulatedBroker implements AutoCloseable {

    /** The host every simulated broker listens on and announces. */
    static final String HOST = "127.0.0.1";

    private final int id;
    private final SimulatedCluster cluster;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<BrokerSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionsServed = new AtomicInteger();
    private final AtomicInteger connectionsRefused = new AtomicInteger();
    private volatile boolean refusing;
    private volatile long refuseUntilNanos = System.nanoTime();
    private volatile boolean closed;

    SimulatedBroker(int id, SimulatedCluster cluster) throws IOException {
        this.id = id;
        this.cluster = cluster;
        this.server = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        this.acceptor = new Thread(this::acceptLoop, "sim-broker-" + id);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int id() {
        return id;
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}. */
    String address() {
        return HOST + ":" + port();
    }

    /** Refuses new connections until {@link #acceptConnections()}. */
    void refuseConnections() {
        refusing = true;
    }

    /** Refuses new connections for {@code duration} from now (unless refusing already for longer). */
    void refuseConnectionsFor(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        if (until - refuseUntilNanos > 0) {
            refuseUntilNanos = until;
        }
    }

    /** Accepts new connections again, ending any refusal. */
    void acceptConnections() {
        refusing = false;
        refuseUntilNanos = System.nanoTime();
    }

    /** Connections refused so far. */
    int connectionsRefused() {
        return connectionsRefused.get();
    }

    SimulatedCluster cluster() {
        return cluster;
    }

    /** The session ended: its connection is closed. */
    void ended(BrokerSession session) {
        sessions.remove(session);
    }

    private boolean isRefusing() {
        return refusing || refuseUntilNanos - System.nanoTime() > 0;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (isRefusing()) {
                connectionsRefused.incrementAndGet();
                BrokerSession.reset(socket);
                continue;
            }
            int number = connectionsServed.incrementAndGet();
            BrokerSession session = new BrokerSession(this, socket);
            sessions.add(session);
            if (closed) {
                session.close();
            } else {
                session.start("sim-broker-" + id + "-connection-" + number);
            }
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (BrokerSession session : sessions) {
            session.close();
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SimulatedBroker[" + id + " at " + address() + "]";
    }
}
