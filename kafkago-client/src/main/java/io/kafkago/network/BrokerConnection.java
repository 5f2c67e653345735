package io.kafkago.network;

import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.UnsupportedVersionException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.protocol.ProtocolWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP (or TLS) connection to one broker, carrying many requests at once.
 *
 * <p>{@link #open} returns at once; the connection's own reader thread connects, sends ApiVersions,
 * authenticates with SASL when configured, then reads responses and completes each request's
 * future by correlation id. Callers encode their request on their own thread and queue the frame;
 * the connection's writer thread puts queued frames on the socket in order and re-authenticates when
 * due. So a send never blocks on the network: a broker that stops reading stalls its own connection,
 * not the callers that also talk to other brokers. (A small frame goes out on the caller's thread when
 * nothing is queued and the broker has read what came before, which cannot block either.) Futures
 * complete on the reader thread: callbacks must not block.
 *
 * <p>Every request has a deadline: when it passes, the request's future fails with
 * {@link KafkaTimeoutException} and a late response is read and dropped, so the connection stays
 * usable. A request whose deadline passes before it was written is never written; one whose
 * deadline passes while its frame is being written closes the connection, because a half-written
 * frame cannot be taken back. Response sizes are checked against
 * {@link ConnectionSettings#maxResponseSize()} before anything is allocated. When the broker
 * grants a SASL session lifetime, the connection re-authenticates before it runs out (KIP-368).
 */
public final class BrokerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Small frames queued together leave in one socket write; larger ones go straight through. */
    private static final int WRITE_BUFFER_SIZE = 64 * 1024;
    /**
     * Largest frame a caller writes itself, and most bytes that may be unread by the broker when it does: far below
     * what a connection's socket buffers hold (Linux starts a TCP socket at 16 KiB to send and 128 KiB to receive),
     * so such a write never waits for the broker.
     */
    private static final int INLINE_WRITE_LIMIT = 32 * 1024;
    /** Put in the write queue when the SASL session is due for renewal, to wake the writer thread; never written. */
    private static final PendingRequest REAUTHENTICATION_DUE = new PendingRequest(ApiKey.SASL_AUTHENTICATE, (short) 0,
            -1, 0, false);
    /** Bodies up to this size are allocated in one go; larger ones grow as their bytes arrive. */
    private static final int EAGER_ALLOCATION_LIMIT = 1024 * 1024;
    /** Bodies at least this large are read into a recycled array when one fits (see {@link #recycleResponseBody}). */
    private static final int RECYCLED_BODY_MIN_SIZE = 64 * 1024;

    private final BrokerAddress address;
    private final ConnectionSettings settings;
    private final CompletableFuture<BrokerConnection> ready = new CompletableFuture<>();
    private final ConcurrentHashMap<Integer, PendingRequest> pending = new ConcurrentHashMap<>();
    private final AtomicReference<KafkaException> failure = new AtomicReference<>();
    /** A body array a caller handed back after use; the next large response that fits is read into it. */
    private final AtomicReference<byte[]> spareBody = new AtomicReference<>();
    private final AtomicInteger correlationIds = new AtomicInteger();
    /** Frames waiting for the writer thread, in the order they were sent. */
    private final LinkedBlockingQueue<PendingRequest> outbound = new LinkedBlockingQueue<>();
    /** Guards the output stream: held by whoever writes a frame, the writer thread or a caller writing inline. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Frames queued and not yet written or dropped; a caller writes inline only when there are none. */
    private final AtomicInteger unwrittenFrames = new AtomicInteger();
    /** Bytes written to the socket so far; guarded by {@link #writeLock}. */
    private long bytesWritten;
    /** Bytes the broker has certainly read: up to the end of the last frame it answered. Written by the reader. */
    private volatile long bytesAnswered;
    private final RequestEncoder encoder;
    private final Thread ioThread;
    private final Thread writerThread;
    private volatile Socket socket;
    /** Written by the reader thread during the handshake, then by the writer thread only. */
    private volatile OutputStream out;
    private volatile ApiVersionTable versions;
    private volatile long reauthenticateAtNanos;
    private volatile boolean reauthenticationDue;
    private volatile boolean correlationIdsWrapped;

    private BrokerConnection(BrokerAddress address, ConnectionSettings settings) {
        this.address = address;
        this.settings = settings;
        this.encoder = new RequestEncoder(settings.clientId());
        this.ioThread = new Thread(this::run, "kafkago-conn-" + address);
        this.ioThread.setDaemon(true);
        this.writerThread = new Thread(this::writeFrames, "kafkago-conn-writer-" + address);
        this.writerThread.setDaemon(true);
    }

    /**
     * Starts connecting to {@code address}; {@link #ready()} completes when the connection can
     * carry requests, or fails with the reason it cannot.
     */
    public static BrokerConnection open(BrokerAddress address, ConnectionSettings settings) {
        BrokerConnection connection = new BrokerConnection(address, settings);
        connection.ioThread.start();
        return connection;
    }

    /** The broker this connection dials. */
    public BrokerAddress address() {
        return address;
    }

    /** The settings the connection was opened with. */
    public ConnectionSettings settings() {
        return settings;
    }

    /** Completes with this connection once ApiVersions (and SASL) succeeded; fails otherwise. */
    public CompletableFuture<BrokerConnection> ready() {
        return ready;
    }

    /**
     * Waits until the connection is ready.
     *
     * @throws KafkaTimeoutException when {@code timeout} passes first
     * @throws KafkaInterruptedException when the thread is interrupted (its interrupt status stays set)
     */
    public BrokerConnection awaitReady(Duration timeout) {
        return await(ready, timeout.toNanos(), "connecting to " + address);
    }

    /** False once the connection failed or was closed; it never reopens. */
    public boolean isOpen() {
        return failure.get() == null;
    }

    /** Why the connection ended, or null while it is open. */
    public KafkaException failure() {
        return failure.get();
    }

    /** The broker's announced API versions; only after {@link #ready()} completed. */
    public ApiVersionTable apiVersions() {
        ApiVersionTable table = versions;
        if (table == null) {
            throw new IllegalStateException("connection to " + address + " is not ready");
        }
        return table;
    }

    /**
     * The newest version of {@code apiKey} both this client and the broker speak.
     *
     * @throws UnsupportedVersionException when they share none
     */
    public short negotiatedVersion(ApiKey apiKey) {
        return apiVersions().negotiatedVersion(apiKey);
    }

    /** Sends at the negotiated version with the settings' request timeout. */
    public <T extends ApiMessage> CompletableFuture<T> send(ApiMessage request) {
        return send(request, (short) -1, settings.requestTimeout());
    }

    /**
     * Sends {@code request} and completes with its response.
     *
     * @param version the version to use, or -1 for the negotiated one; a version outside the shared
     *     range fails with {@link UnsupportedVersionException}
     * @param timeout how long to wait for the response before failing with {@link KafkaTimeoutException}
     */
    @SuppressWarnings("unchecked")
    public <T extends ApiMessage> CompletableFuture<T> send(ApiMessage request, short version, Duration timeout) {
        return (CompletableFuture<T>) submit(request, version, timeout.toNanos(), true);
    }

    /**
     * Sends a request the broker does not answer (Produce with acks=0); completes once written.
     */
    public CompletableFuture<Void> sendWithoutResponse(ApiMessage request, short version, Duration timeout) {
        return submit(request, version, timeout.toNanos(), false).thenApply(ignored -> null);
    }

    /** Closes the socket; every pending request fails with {@link KafkaConnectionException}. */
    @Override
    public void close() {
        fail(new KafkaConnectionException("connection to " + address + " was closed"));
    }

    @Override
    public String toString() {
        return "BrokerConnection[" + address + (isOpen() ? "" : ", closed") + "]";
    }

    // ------------------------------------------------------------------------------------ sending

    private CompletableFuture<ApiMessage> submit(ApiMessage request, short version, long timeoutNanos, boolean expectResponse) {
        if (timeoutNanos <= 0) {
            return CompletableFuture.failedFuture(new KafkaTimeoutException(
                    request.apiKey() + " request to " + address + " has no time left before its deadline"));
        }
        if (!ready.isDone()) {
            return ready.thenCompose(connection -> submit(request, version, timeoutNanos, expectResponse));
        }
        KafkaException closed = failure.get();
        if (closed != null) {
            return CompletableFuture.failedFuture(closed);
        }
        PendingRequest prepared = prepare(request, version, System.nanoTime() + timeoutNanos, expectResponse);
        if (prepared.frame != null && !writeInline(prepared)) {
            queue(prepared);
        }
        return prepared.future;
    }

    /**
     * Writes a small frame on the caller's thread when nothing is queued ahead of it and the broker has read all but
     * a few KiB of what was written before: then the socket buffers have room and the write cannot block, and the
     * request skips the hand-over to the writer thread (a fetch or a lone produce answers sooner). Returns false when
     * the frame must be queued instead.
     */
    private boolean writeInline(PendingRequest request) {
        int size = request.frame.size();
        if (size > INLINE_WRITE_LIMIT || isReauthenticationDue() || !writeLock.tryLock()) {
            return false;
        }
        try {
            if (unwrittenFrames.get() > 0 || bytesWritten - bytesAnswered + size > INLINE_WRITE_LIMIT) {
                queue(request); // under the lock, so it cannot overtake a frame the writer thread is about to write
                return true;
            }
            if (writeFrame(request)) {
                out.flush();
                if (!request.expectsResponse) {
                    request.cancelTimer();
                    request.future.complete(null);
                }
            }
        } catch (IOException e) {
            fail(new KafkaConnectionException("writing to " + address + " failed: " + e.getMessage(), e));
        } finally {
            writeLock.unlock();
        }
        return true;
    }

    private void queue(PendingRequest request) {
        unwrittenFrames.incrementAndGet();
        outbound.add(request);
        KafkaException closedMeanwhile = failure.get();
        if (closedMeanwhile != null) {
            failOutbound(closedMeanwhile); // the writer thread may have drained the queue already
        }
    }

    /**
     * Encodes a request, registers it for its response and starts its deadline; the caller queues it. A request
     * that cannot be encoded (unsupported version, a value the version cannot carry) fails alone, without a frame.
     */
    private PendingRequest prepare(ApiMessage request, short requestedVersion, long deadline, boolean expectResponse) {
        ApiKey apiKey = request.apiKey();
        PendingRequest prepared;
        try {
            short version = chooseVersion(apiKey, requestedVersion);
            int correlationId = nextCorrelationId();
            prepared = new PendingRequest(apiKey, version, correlationId, System.nanoTime(), expectResponse);
            prepared.frame = encoder.encode(request, version, correlationId);
        } catch (RuntimeException e) {
            PendingRequest failed = new PendingRequest(apiKey, requestedVersion, -1, System.nanoTime(), expectResponse);
            failed.future.completeExceptionally(e);
            return failed;
        }
        if (expectResponse) {
            pending.put(prepared.correlationId, prepared);
        }
        PendingRequest timed = prepared;
        prepared.timer = NetworkTimer.schedule(() -> onDeadline(timed), deadline - System.nanoTime());
        return prepared;
    }

    /**
     * The writer thread: writes queued frames in order, coalescing what is queued at once into few socket writes,
     * and re-authenticates when due. A broker that stops reading (paused, cut off) blocks only this thread, never
     * the caller of {@link #send}, so one stalled broker cannot hold up requests to the others.
     */
    private void writeFrames() {
        List<PendingRequest> oneWay = new ArrayList<>();
        try {
            while (failure.get() == null) {
                PendingRequest next = outbound.take();
                writeLock.lock();
                try {
                    while (next != null) {
                        if (isReauthenticationDue()) {
                            out.flush();
                            reauthenticate();
                        }
                        if (next == REAUTHENTICATION_DUE) {
                            next = outbound.poll();
                            continue;
                        }
                        boolean written = writeFrame(next);
                        unwrittenFrames.decrementAndGet();
                        if (written && !next.expectsResponse) {
                            oneWay.add(next);
                        }
                        next = outbound.poll();
                    }
                    out.flush();
                } finally {
                    writeLock.unlock();
                }
                for (PendingRequest written : oneWay) {
                    written.cancelTimer();
                    written.future.complete(null);
                }
                oneWay.clear();
            }
        } catch (InterruptedException e) {
            // the connection is closing
        } catch (IOException e) {
            fail(new KafkaConnectionException("writing to " + address + " failed: " + e.getMessage(), e));
        } finally {
            KafkaException cause = failure.get();
            for (PendingRequest unanswered : oneWay) {
                unanswered.future.completeExceptionally(cause);
            }
            failOutbound(cause);
        }
    }

    /** Writes one frame unless its deadline dropped it; returns whether it was written. */
    private boolean writeFrame(PendingRequest request) throws IOException {
        ProtocolWriter frame = request.frame;
        if (!request.startWriting()) {
            releaseFrame(request, frame);
            return false;
        }
        try {
            ByteBuffer bytes = frame.buffer();
            out.write(bytes.array(), bytes.arrayOffset(), bytes.remaining());
            bytesWritten += bytes.remaining();
            request.endOffset = bytesWritten;
        } catch (IOException e) {
            request.future.completeExceptionally(new KafkaConnectionException("writing " + request.apiKey + " to "
                    + address + " failed: " + e.getMessage(), e));
            throw e;
        } finally {
            request.written();
            releaseFrame(request, frame);
        }
        return true;
    }

    private void releaseFrame(PendingRequest request, ProtocolWriter frame) {
        if (frame != null) {
            request.frame = null;
            encoder.release(frame);
        }
    }

    /** Fails every request still queued for writing (the connection ended). */
    private void failOutbound(KafkaException cause) {
        PendingRequest queued;
        while ((queued = outbound.poll()) != null) {
            if (queued == REAUTHENTICATION_DUE) {
                continue;
            }
            unwrittenFrames.decrementAndGet();
            if (queued.drop()) {
                queued.cancelTimer();
                pending.remove(queued.correlationId, queued);
                queued.future.completeExceptionally(cause);
            }
            releaseFrame(queued, queued.frame);
        }
    }

    private short chooseVersion(ApiKey apiKey, short requested) {
        ApiVersionTable table = versions;
        short newest = table.negotiatedVersion(apiKey);
        if (requested < 0) {
            return newest;
        }
        if (requested > newest || requested < apiKey.oldestVersion()) {
            throw new UnsupportedVersionException(apiKey + " v" + requested + " is not supported with broker " + address
                    + " (highest shared version: " + newest + ")");
        }
        return requested;
    }

    private int nextCorrelationId() {
        int id = correlationIds.getAndIncrement();
        if (id == Integer.MAX_VALUE) {
            correlationIds.set(0);
            correlationIdsWrapped = true;
        }
        return id;
    }

    private void onDeadline(PendingRequest request) {
        if (request.drop()) {
            pending.remove(request.correlationId, request);
            request.future.completeExceptionally(new KafkaTimeoutException(request.apiKey + " request to " + address
                    + " timed out waiting to be written (the broker is not reading what was sent before it)"));
            return;
        }
        if (request.state() == PendingRequest.WRITING) {
            fail(new KafkaTimeoutException("writing " + request.apiKey + " to " + address
                    + " did not finish before its deadline; the connection was closed"));
            return;
        }
        if (pending.remove(request.correlationId, request)) {
            long elapsedMillis = (System.nanoTime() - request.startNanos) / 1_000_000;
            request.future.completeExceptionally(new KafkaTimeoutException(request.apiKey + " request to " + address
                    + " got no response within " + elapsedMillis + " ms"));
        }
    }

    // ------------------------------------------------------------------------------------ connect

    private void run() {
        try {
            long deadline = System.nanoTime() + settings.dialTimeout().toNanos();
            Socket opened = SocketOpener.open(address, settings, deadline);
            socket = opened;
            if (failure.get() != null) {
                SocketOpener.closeQuietly(opened);
                return;
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(opened.getInputStream(), READ_BUFFER_SIZE));
            out = new BufferedOutputStream(opened.getOutputStream(), WRITE_BUFFER_SIZE);
            Handshake handshake = new Handshake(in, deadline);
            versions = handshake.negotiateApiVersions();
            if (settings.sasl() != null) {
                scheduleReauthentication(SaslAuthenticator.authenticate(settings.sasl(), versions,
                        handshake::exchange, address.toString()));
            }
            opened.setSoTimeout(0);
            log.debug("connected to {} ({})", address, settings);
            writerThread.start();
            ready.complete(this);
            readResponses(in);
        } catch (KafkaException e) {
            fail(e);
        } catch (SocketTimeoutException e) {
            fail(new KafkaTimeoutException("connecting to " + address + " timed out during ApiVersions/SASL", e));
        } catch (EOFException e) {
            fail(new KafkaConnectionException("broker " + address + " closed the connection" + tlsRefusalHint(), e));
        } catch (IOException e) {
            fail(new KafkaConnectionException("connection to " + address + " failed: " + e.getMessage()
                    + tlsRefusalHint(), e));
        } catch (RuntimeException e) {
            fail(new KafkaConnectionException("connection to " + address + " failed: " + e, e));
        }
    }

    /** The dialing thread's direct request/response exchange before the read loop starts. */
    private final class Handshake {
        private final DataInputStream in;
        private final long deadline;

        Handshake(DataInputStream in, long deadline) {
            this.in = in;
            this.deadline = deadline;
        }

        ApiVersionTable negotiateApiVersions() throws IOException {
            return ApiVersionsNegotiation.negotiate(settings, address.toString(), this::exchangeRaw);
        }

        ApiMessage exchange(ApiMessage request, short version) {
            try {
                return ResponseDecoder.decode(request.apiKey(), version, exchangeRaw(request, version));
            } catch (IOException e) {
                throw new KafkaConnectionException("connection to " + address + " failed during SASL: " + e.getMessage(), e);
            }
        }

        /** Writes one request and returns the response body after the correlation id. */
        ByteBuffer exchangeRaw(ApiMessage request, short version) throws IOException {
            int correlationId = nextCorrelationId();
            ProtocolWriter frame = encoder.encode(request, version, correlationId);
            try {
                ByteBuffer bytes = frame.buffer();
                out.write(bytes.array(), bytes.arrayOffset(), bytes.remaining());
                out.flush();
            } finally {
                encoder.release(frame);
            }
            socket.setSoTimeout(SocketOpener.remainingMillis(deadline, address));
            int size = readFrameSize(in);
            int received = in.readInt();
            if (received != correlationId) {
                throw new KafkaProtocolException("broker " + address + " answered correlation id " + received
                        + " while " + correlationId + " was expected");
            }
            return ByteBuffer.wrap(readBody(in, size - 4));
        }
    }

    // ------------------------------------------------------------------------------------ receiving

    private void readResponses(DataInputStream in) throws IOException {
        while (failure.get() == null) {
            int size = readFrameSize(in);
            int correlationId = in.readInt();
            PendingRequest request = pending.remove(correlationId);
            if (request == null) {
                if (!wasIssued(correlationId)) {
                    throw new KafkaProtocolException("broker " + address + " answered correlation id " + correlationId
                            + ", which no request carried");
                }
                in.skipNBytes(size - 4L); // the request timed out or was one-way; drop its late response
                continue;
            }
            request.cancelTimer();
            if (request.endOffset > bytesAnswered) {
                bytesAnswered = request.endOffset; // the broker read the whole frame: it answered
            }
            int length = size - 4;
            byte[] body;
            try {
                body = takeSpareBody(length);
                if (body == null) {
                    body = readBody(in, length);
                } else {
                    in.readFully(body, 0, length);
                }
            } catch (IOException e) {
                // The request left the pending map, so failing the connection alone would not reach it.
                fail(new KafkaConnectionException("connection to " + address + " ended in the middle of a "
                        + request.apiKey + " response: " + e.getMessage(), e));
                request.future.completeExceptionally(failure.get());
                return;
            }
            try {
                request.future.complete(ResponseDecoder.decode(request.apiKey, request.version, ByteBuffer.wrap(body, 0, length)));
            } catch (KafkaException e) {
                request.future.completeExceptionally(e);
            } catch (RuntimeException e) {
                request.future.completeExceptionally(new KafkaProtocolException("cannot decode " + request.apiKey + " v"
                        + request.version + " response from " + address + ": " + e, e));
            }
        }
    }

    private int readFrameSize(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 4 || size > settings.maxResponseSize()) {
            throw new KafkaProtocolException("broker " + address + " sent a response of " + Integer.toUnsignedString(size)
                    + " bytes; accepted sizes are 4 to " + settings.maxResponseSize());
        }
        return size;
    }

    /**
     * Hands back the array a response was read into, once the caller is completely done with that
     * response and everything decoded from it that still points into the array (such as a Fetch
     * response's record buffers). The next response of at least 64 KiB that fits is read into it
     * instead of a new array, so a fetch loop reuses two arrays instead of allocating one per
     * response. One array is kept (the larger); the connection holds it until closed.
     *
     * <p>Only the single owner of a response may call this, and must not touch the response after.
     */
    public void recycleResponseBody(byte[] body) {
        if (body.length < RECYCLED_BODY_MIN_SIZE) {
            return;
        }
        spareBody.accumulateAndGet(body, (kept, offered) -> kept == null || offered.length > kept.length ? offered : kept);
    }

    private byte[] takeSpareBody(int length) {
        byte[] spare = spareBody.get();
        if (length < RECYCLED_BODY_MIN_SIZE || spare == null || spare.length < length
                || !spareBody.compareAndSet(spare, null)) {
            return null;
        }
        return spare;
    }

    /**
     * Reads a response body. Small bodies get their array at once; a large announced size only gets
     * memory as bytes actually arrive, so a peer announcing 100 MiB and sending ten bytes costs 1 MiB.
     */
    static byte[] readBody(DataInputStream in, int length) throws IOException {
        if (length <= EAGER_ALLOCATION_LIMIT) {
            byte[] body = new byte[length];
            in.readFully(body);
            return body;
        }
        byte[] body = new byte[EAGER_ALLOCATION_LIMIT];
        int filled = 0;
        while (filled < length) {
            if (filled == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            }
            int read = in.read(body, filled, body.length - filled);
            if (read < 0) {
                throw new EOFException("response ended after " + filled + " of " + length + " bytes");
            }
            filled += read;
        }
        return body;
    }

    private boolean wasIssued(int correlationId) {
        return correlationId >= 0 && (correlationIdsWrapped || correlationId < correlationIds.get());
    }

    // ------------------------------------------------------------------------------------ SASL re-authentication

    /**
     * Re-authenticates at 85-95% of the session lifetime, spread so many connections do not all go at once. A timer
     * wakes the writer thread then, so an idle connection renews its session too instead of being closed by the
     * broker at its next request.
     */
    private void scheduleReauthentication(long sessionLifetimeMs) {
        if (sessionLifetimeMs <= 0) {
            reauthenticationDue = false;
            return;
        }
        double fraction = 0.85 + ThreadLocalRandom.current().nextDouble() * 0.10;
        long delayNanos = (long) (sessionLifetimeMs * fraction * 1_000_000);
        reauthenticateAtNanos = System.nanoTime() + delayNanos;
        reauthenticationDue = true;
        NetworkTimer.schedule(() -> {
            if (failure.get() == null) {
                outbound.add(REAUTHENTICATION_DUE);
            }
        }, delayNanos);
    }

    private boolean isReauthenticationDue() {
        return reauthenticationDue && System.nanoTime() - reauthenticateAtNanos >= 0;
    }

    /**
     * Runs a new SASL exchange on the writer thread, so no other request interleaves; requests sent meanwhile
     * wait in the queue. Only this connection waits for it.
     */
    private void reauthenticate() {
        reauthenticationDue = false;
        long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
        try {
            long lifetime = SaslAuthenticator.authenticate(settings.sasl(), versions, (request, version) -> {
                PendingRequest sent = prepare(request, version, deadline, true);
                if (sent.frame != null) {
                    try {
                        writeFrame(sent);
                        out.flush();
                    } catch (IOException e) {
                        throw new KafkaConnectionException("re-authenticating with " + address + " failed: "
                                + e.getMessage(), e);
                    }
                }
                return await(sent.future, deadline - System.nanoTime(), "re-authenticating with " + address);
            }, address.toString());
            scheduleReauthentication(lifetime);
            log.debug("re-authenticated with {}", address);
        } catch (KafkaException e) {
            fail(e);
        }
    }

    /**
     * Said of an I/O failure after the TLS handshake but before the connection was ready: with TLS 1.3 the broker
     * judges the client certificate only after the client's side of the handshake finished, so a missing or refused
     * certificate shows up at the first request, as a closed connection, "Broken pipe" or a fatal alert.
     */
    private String tlsRefusalHint() {
        return settings.tls() != null && socket != null && !ready.isDone()
                ? " (after the TLS handshake: the broker may have refused the client certificate or the TLS session)" : "";
    }

    // ------------------------------------------------------------------------------------ closing

    private void fail(KafkaException cause) {
        if (!failure.compareAndSet(null, cause)) {
            return;
        }
        Socket current = socket;
        if (current != null) {
            SocketOpener.closeQuietly(current);
        }
        ready.completeExceptionally(cause);
        for (PendingRequest request : pending.values()) {
            if (pending.remove(request.correlationId, request)) {
                request.cancelTimer();
                request.future.completeExceptionally(cause);
            }
        }
        failOutbound(cause);
        writerThread.interrupt(); // it may be waiting for the next frame; a blocked socket write ended with the close
        log.debug("connection to {} ended: {}", address, cause.getMessage());
    }

    /**
     * Waits for a future with a deadline, turning the outcome into kafkago's exceptions.
     *
     * @throws KafkaTimeoutException when the time runs out (the future is left to complete)
     * @throws KafkaInterruptedException when interrupted; the interrupt status stays set
     */
    public static <T> T await(CompletableFuture<T> future, long timeoutNanos, String what) {
        try {
            return future.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaInterruptedException("interrupted while " + what);
        } catch (TimeoutException e) {
            throw new KafkaTimeoutException(what + " timed out");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KafkaException kafka) {
                throw kafka;
            }
            throw new KafkaException(what + " failed: " + cause, cause);
        }
    }
}
