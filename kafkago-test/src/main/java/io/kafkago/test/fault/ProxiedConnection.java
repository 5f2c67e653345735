package io.kafkago.test.fault;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection through a {@link FaultProxy} and the proxy's connection to the broker behind it, with a
 * {@link FramePump} each way. Requests are remembered in order so that each response, which a broker sends in request
 * order, is known to answer a given API; requests without a response ({@code acks=0} produce) are skipped over.
 */
final class ProxiedConnection {

    private static final Logger log = LoggerFactory.getLogger(ProxiedConnection.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private record InFlight(int correlationId, short apiKey) {
    }

    private final FaultProxy proxy;
    private final ProxyFaults faults;
    private final TrafficCounters counters;
    private final Socket client;
    private final Socket broker = new Socket();
    private final String name;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile FramePump requests;
    private volatile FramePump responses;

    ProxiedConnection(FaultProxy proxy, ProxyFaults faults, TrafficCounters counters, Socket client, int number) {
        this.proxy = proxy;
        this.faults = faults;
        this.counters = counters;
        this.client = client;
        this.name = "kafkago-fault-proxy-" + proxy.port() + "-" + number;
    }

    /** Connects to the broker on a thread of its own (so a slow connect holds up no one) and starts forwarding. */
    void start() {
        Thread connector = new Thread(this::connect, name + "-connect");
        connector.setDaemon(true);
        connector.start();
    }

    private void connect() {
        try {
            client.setTcpNoDelay(true);
            broker.setTcpNoDelay(true);
            InetSocketAddress target = proxy.target();
            broker.connect(new InetSocketAddress(target.getHostString(), target.getPort()),
                    (int) CONNECT_TIMEOUT.toMillis());
            requests = new FramePump(this, faults, new RequestSide(), client.getInputStream(),
                    broker.getOutputStream(), name + "-requests");
            responses = new FramePump(this, faults, new ResponseSide(), broker.getInputStream(),
                    client.getOutputStream(), name + "-responses");
            requests.start();
            responses.start();
            if (closed.get()) {
                // a close() racing this start may have interrupted the threads before they ran
                requests.interrupt();
                responses.interrupt();
                return;
            }
            log.debug("{} open: {} -> {}", name, client.getRemoteSocketAddress(), broker.getRemoteSocketAddress());
        } catch (IOException e) {
            log.debug("{}: cannot reach {} ({}); resetting the client connection", name, proxy.target(), e.toString());
            abort();
        }
    }

    /** Closes both sockets normally (FIN) and stops the pumps; idempotent. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(broker);
        for (FramePump pump : new FramePump[] {requests, responses}) {
            if (pump != null) {
                pump.interrupt();
            }
        }
        proxy.closed(this);
        log.debug("{} closed", name);
    }

    /** Resets both sockets (RST: SO_LINGER 0 discards unsent data) and stops the pumps; idempotent. */
    void abort() {
        if (closed.get()) {
            return;
        }
        for (Socket socket : new Socket[] {client, broker}) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // not connected or already closed: closing is all that is left to do
            }
        }
        close();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a connection that is going away anyway
        }
    }

    private void sent(int correlationId, short apiKey) {
        synchronized (inFlight) {
            inFlight.addLast(new InFlight(correlationId, apiKey));
        }
    }

    /** The API of the request this response answers; earlier requests the broker did not answer are forgotten. */
    private short answered(int correlationId) {
        synchronized (inFlight) {
            for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
                if (it.next().correlationId() == correlationId) {
                    InFlight request;
                    do {
                        request = inFlight.removeFirst();
                    } while (request.correlationId() != correlationId);
                    return request.apiKey();
                }
            }
            return Frame.UNKNOWN_API;
        }
    }

    static String apiName(short apiKey) {
        return ApiKeys.hasId(apiKey) ? ApiKeys.forId(apiKey).name : "API " + apiKey;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Client to broker: request header v1+ starts with int16 api key, int16 api version, int32 correlation id. */
    private final class RequestSide implements FramePump.Side {

        @Override
        public int minimumFrameSize() {
            return Short.BYTES + Short.BYTES + Integer.BYTES;
        }

        @Override
        public Frame received(byte[] bytes, long arrivalNanos) {
            ByteBuffer header = ByteBuffer.wrap(bytes);
            short apiKey = header.getShort(Integer.BYTES);
            counters.request(apiKey);
            return new Frame(bytes, arrivalNanos, apiKey, header.getInt(Integer.BYTES + 2 * Short.BYTES));
        }

        @Override
        public void forward(Frame frame, FramePump pump) throws IOException, InterruptedException {
            sent(frame.correlationId(), frame.apiKey());
            pump.send(frame.bytes(), 0, frame.bytes().length);
        }
    }

    /** Broker to client: every response header starts with the int32 correlation id. */
    private final class ResponseSide implements FramePump.Side {

        @Override
        public int minimumFrameSize() {
            return Integer.BYTES;
        }

        @Override
        public Frame received(byte[] bytes, long arrivalNanos) {
            int correlationId = ByteBuffer.wrap(bytes).getInt(Integer.BYTES);
            short apiKey = answered(correlationId);
            counters.response(apiKey);
            return new Frame(bytes, arrivalNanos, apiKey, correlationId);
        }

        /** At most one fault per response, in this order: drop, cut, rewrite. */
        @Override
        public void forward(Frame frame, FramePump pump) throws IOException, InterruptedException {
            byte[] bytes = frame.bytes();
            short apiKey = frame.apiKey();
            if (faults.takeResponseToDrop(apiKey)) {
                counters.droppedResponses.increment();
                log.info("{}: dropped the {} response (correlation id {}); closing the client connection", name,
                        apiName(apiKey), frame.correlationId());
                close();
                return;
            }
            if (faults.takeResponseToCut(apiKey)) {
                int cut = Math.min(bytes.length - 1, Math.max(Integer.BYTES + 1, bytes.length / 2));
                pump.send(bytes, 0, cut);
                counters.cutResponses.increment();
                log.info("{}: cut the {} response (correlation id {}) after {} of {} bytes; resetting the connection",
                        name, apiName(apiKey), frame.correlationId(), cut, bytes.length);
                abort();
                return;
            }
            UnaryOperator<ByteBuffer> rewriter = faults.rewriter(apiKey);
            if (rewriter != null) {
                ByteBuffer rewritten = rewriter.apply(ByteBuffer.wrap(bytes.clone()));
                if (rewritten == null) {
                    throw new IllegalStateException("The response rewriter for " + apiName(apiKey) + " returned null");
                }
                byte[] replacement = new byte[rewritten.remaining()];
                rewritten.duplicate().get(replacement);
                counters.rewrittenResponses.increment();
                pump.send(replacement, 0, replacement.length);
                return;
            }
            pump.send(bytes, 0, bytes.length);
        }
    }
}
