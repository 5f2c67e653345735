package io.kafkago.internal.writer.sim;

import io.kafkago.protocol.message.MetadataRequest;
import io.kafkago.protocol.message.ProduceRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

/**
 * One client connection to a {@link SimulatedBroker}, served by its own thread: reads a request, answers it,
 * reads the next, as a broker handles a connection's requests in order. Produce requests go through the
 * cluster's {@link FaultPlan}; this class carries out the faults that concern the connection (closing it,
 * cutting or delaying the answer) and leaves the others to {@link SimulatedCluster#produce}.
 *
 * <p>Faults close the connection gracefully, so responses written before still reach the client.
 */
final class BrokerSession {

    /** How long {@link Fault#REFUSE_CONNECTIONS} refuses new connections: a broker restarting, say. */
    private static final Duration REFUSAL_DURATION = Duration.ofMillis(300);

    private final SimulatedBroker broker;
    private final SimulatedCluster cluster;
    private final Socket socket;
    private volatile Thread thread;

    BrokerSession(SimulatedBroker broker, Socket socket) {
        this.broker = broker;
        this.cluster = broker.cluster();
        this.socket = socket;
    }

    /** Resets a connection at once (RST): how a refused connection looks to the client. */
    static void reset(Socket socket) {
        try (socket) {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // the client went away first: refused either way
        }
    }

    void start(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes the connection; the thread ends (a delayed answer is abandoned). */
    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed anyway
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (serve(Frames.read(in), out)) {
                // next request
            }
        } catch (EOFException ignored) {
            // the client closed the connection
        } catch (IOException | InterruptedException ignored) {
            // the connection broke or the cluster closed it
        } catch (RuntimeException | Error e) {
            cluster.unexpected(new IllegalStateException("broker " + broker.id() + " failed on a connection", e));
        } finally {
            broker.ended(this);
        }
    }

    /** Answers one request; returns false when the connection is to be closed. */
    private boolean serve(Frames.Request request, OutputStream out) throws IOException, InterruptedException {
        switch (request.apiKey()) {
            case API_VERSIONS -> write(out, Frames.response(request, cluster.apiVersions()));
            case METADATA -> write(out, Frames.response(request, cluster.metadata((MetadataRequest) request.body())));
            case INIT_PRODUCER_ID -> write(out, Frames.response(request, cluster.initProducerId()));
            case PRODUCE -> {
                return produce(request, (ProduceRequest) request.body(), out);
            }
            default -> throw new IllegalStateException("the simulated broker does not serve " + request.apiKey());
        }
        return true;
    }

    private boolean produce(Frames.Request request, ProduceRequest body, OutputStream out)
            throws IOException, InterruptedException {
        Fault fault = cluster.faults().take(broker.id());
        switch (fault) {
            case CLOSE_BEFORE_APPEND -> {
                return false;
            }
            case REFUSE_CONNECTIONS -> {
                broker.refuseConnectionsFor(REFUSAL_DURATION);
                return false;
            }
            case ZOMBIE -> {
                cluster.holdZombie(broker.id(), request.version(), body);
                return false;
            }
            default -> {
                // the request is handled; the fault may still change the answer or its delivery
            }
        }
        ProduceOutcome outcome = cluster.produce(broker.id(), request.version(), body, fault);
        if (body.acks() == 0) {
            return true; // the client expects no answer
        }
        byte[] frame = Frames.response(request, outcome.response());
        switch (fault) {
            case DROP_RESPONSE_AFTER_APPEND -> {
                return false;
            }
            case PARTIAL_RESPONSE -> {
                out.write(frame, 0, frame.length / 2);
                out.flush();
                return false;
            }
            case DELAY_RESPONSE -> {
                Thread.sleep(cluster.responseDelay().toMillis());
                write(out, frame); // too late: the client gave up on it, so nothing counts as delivered
            }
            default -> {
                write(out, frame);
                cluster.delivered(outcome);
            }
        }
        return true;
    }

    private static void write(OutputStream out, byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }
}
