package io.kafkago.network;

import io.kafkago.KafkaConnectionException;
import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.UnsupportedVersionException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
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
 * <p>{@link #open} returns at once; the connection's own I/O thread connects, sends ApiVersions,
 * authenticates with SASL when configured, then reads responses and completes each request's
 * future by correlation id. Callers write frames on their own thread under a lock, so the only
 * thread a connection owns is its reader. Futures complete on that reader thread: callbacks must
 * not block (requests sent from it are handed to the common pool, never written in place).
 *
 * <p>Every request has a deadline: when it passes, the request's future fails with
 * {@link KafkaTimeoutException} and a late response is read and dropped, so the connection stays
 * usable. A deadline that passes while the frame is still being written closes the connection,
 * because a half-written frame cannot be taken back. Response sizes are checked against
 * {@link ConnectionSettings#maxResponseSize()} before anything is allocated. When the broker
 * grants a SASL session lifetime, the connection re-authenticates before it runs out (KIP-368).
 */
public final class BrokerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final int READ_BUFFER_SIZE = 64 * 1024;
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
    /** Guards the output stream, the encoder and correlation id order; never taken by the reader thread after connect. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final RequestEncoder encoder;
    private final Thread ioThread;
    private volatile Socket socket;
    private OutputStream out;
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
        if (Thread.currentThread() == ioThread) {
            // Writing here could block the only thread that drains responses: hand the write off.
            return CompletableFuture.supplyAsync(() -> submit(request, version, timeoutNanos, expectResponse),
                    ForkJoinPool.commonPool()).thenCompose(future -> future);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            if (!writeLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(new KafkaTimeoutException(
                        request.apiKey() + " request to " + address + " timed out waiting to be written"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new KafkaInterruptedException(
                    "interrupted while sending " + request.apiKey() + " to " + address));
        }
        try {
            if (reauthenticationDue && System.nanoTime() - reauthenticateAtNanos >= 0) {
                reauthenticate(deadline);
            }
            return writeLocked(request, version, deadline, expectResponse).future;
        } finally {
            writeLock.unlock();
        }
    }

    /** Encodes and writes one frame; the caller holds the write lock. */
    private PendingRequest writeLocked(ApiMessage request, short requestedVersion, long deadline, boolean expectResponse) {
        ApiKey apiKey = request.apiKey();
        PendingRequest request0;
        ByteBuffer frame;
        try {
            short version = chooseVersion(apiKey, requestedVersion);
            int correlationId = nextCorrelationId();
            request0 = new PendingRequest(apiKey, version, correlationId, System.nanoTime());
            frame = encoder.encode(request, version, correlationId);
        } catch (RuntimeException e) {
            // An unsupported version or a value the version cannot carry: fail this request only.
            PendingRequest failed = new PendingRequest(apiKey, requestedVersion, -1, System.nanoTime());
            failed.future.completeExceptionally(e);
            return failed;
        }
        KafkaException closed = failure.get();
        if (closed != null) {
            request0.future.completeExceptionally(closed);
            return request0;
        }
        if (expectResponse) {
            pending.put(request0.correlationId, request0);
        }
        PendingRequest inFlight = request0;
        request0.writing = true;
        request0.timer = NetworkTimer.schedule(() -> onDeadline(inFlight), deadline - System.nanoTime());
        try {
            out.write(frame.array(), frame.arrayOffset(), frame.remaining());
            out.flush();
        } catch (IOException e) {
            fail(new KafkaConnectionException("writing to " + address + " failed: " + e.getMessage(), e));
            request0.future.completeExceptionally(failure.get());
            return request0;
        } finally {
            request0.writing = false;
            encoder.release();
        }
        if (!expectResponse) {
            request0.cancelTimer();
            request0.future.complete(null);
        }
        return request0;
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
        if (request.writing) {
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
            writeLock.lock();
            try {
                out = opened.getOutputStream();
                Handshake handshake = new Handshake(in, deadline);
                versions = handshake.negotiateApiVersions();
                if (settings.sasl() != null) {
                    scheduleReauthentication(SaslAuthenticator.authenticate(settings.sasl(), versions,
                            handshake::exchange, address.toString()));
                }
                opened.setSoTimeout(0);
            } finally {
                writeLock.unlock();
            }
            log.debug("connected to {} ({})", address, settings);
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
            ByteBuffer frame = encoder.encode(request, version, correlationId);
            try {
                out.write(frame.array(), frame.arrayOffset(), frame.remaining());
                out.flush();
            } finally {
                encoder.release();
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

    private void scheduleReauthentication(long sessionLifetimeMs) {
        if (sessionLifetimeMs <= 0) {
            reauthenticationDue = false;
            return;
        }
        // Re-authenticate at 85-95% of the lifetime, spread so many connections do not all go at once.
        double fraction = 0.85 + ThreadLocalRandom.current().nextDouble() * 0.10;
        reauthenticateAtNanos = System.nanoTime() + (long) (sessionLifetimeMs * fraction * 1_000_000);
        reauthenticationDue = true;
    }

    /** Runs a new SASL exchange while holding the write lock, so no other request interleaves. */
    private void reauthenticate(long deadline) {
        reauthenticationDue = false;
        try {
            long lifetime = SaslAuthenticator.authenticate(settings.sasl(), versions, (request, version) -> {
                PendingRequest sent = writeLocked(request, version, deadline, true);
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
