package io.kafkago.test.fault;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of a proxied connection: a reader thread splits the stream into Kafka frames and queues them, a writer
 * thread forwards each once its latency has passed, within the bandwidth cap and never while black-holed. Reading ahead
 * of writing is what makes latency a delay per frame rather than a cap on frames per second.
 */
final class FramePump {

    /** Largest frame accepted; anything bigger is not Kafka traffic this proxy can handle. */
    static final int MAX_FRAME_BYTES = 128 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(FramePump.class);
    /** Frames read ahead; a full queue stops reading, so a slow link pushes back on the sender as TCP would. */
    private static final int QUEUE_CAPACITY = 16;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;
    /** Under a bandwidth cap a frame goes out in chunks of a twentieth of a second's worth of bytes. */
    private static final int CHUNKS_PER_SECOND = 20;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** What the two directions do differently: parsing headers on the way in, applying faults on the way out. */
    interface Side {

        /** Smallest valid frame body (after the size prefix): the header fields the side parses. */
        int minimumFrameSize();

        /** Parses and counts a frame the reader has just read. */
        Frame received(byte[] bytes, long arrivalNanos);

        /** Sends the frame on through {@link #send}, or does what a fault says instead. */
        void forward(Frame frame, FramePump pump) throws IOException, InterruptedException;
    }

    private final ProxiedConnection connection;
    private final ProxyFaults faults;
    private final Side side;
    private final DataInputStream in;
    private final OutputStream out;
    private final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread reader;
    private final Thread writer;
    /** When the bandwidth cap allows the next chunk; written by the writer thread only. */
    private long nextSendNanos;

    FramePump(ProxiedConnection connection, ProxyFaults faults, Side side, InputStream in, OutputStream out,
            String threadName) {
        this.connection = connection;
        this.faults = faults;
        this.side = side;
        this.in = new DataInputStream(new BufferedInputStream(in, READ_BUFFER_BYTES));
        this.out = out;
        this.reader = daemon(this::read, threadName + "-read");
        this.writer = daemon(this::write, threadName + "-write");
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    void start() {
        reader.start();
        writer.start();
    }

    /**
     * Stops both threads wherever they wait (the sockets are closed by the connection). The calling thread may be one
     * of them: its next wait then ends it.
     */
    void interrupt() {
        reader.interrupt();
        writer.interrupt();
    }

    private void read() {
        try {
            byte[] frame;
            while ((frame = readFrame()) != null) {
                queue.put(side.received(frame, System.nanoTime()));
            }
            queue.put(Frame.END);
        } catch (InterruptedException e) {
            connection.abort();
        } catch (IOException e) {
            log.debug("{}: {}", reader.getName(), e.toString());
            connection.abort();
        } catch (RuntimeException e) {
            log.warn("{} failed; resetting {}", reader.getName(), connection, e);
            connection.abort();
        }
    }

    /** Reads one frame, size prefix included; null at a clean end of stream. */
    private byte[] readFrame() throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (size < side.minimumFrameSize() || size > MAX_FRAME_BYTES) {
            throw new IOException("Not a Kafka frame: size " + size + " outside " + side.minimumFrameSize() + ".."
                    + MAX_FRAME_BYTES);
        }
        byte[] frame = new byte[Integer.BYTES + size];
        ByteBuffer.wrap(frame).putInt(size);
        in.readFully(frame, Integer.BYTES, size);
        return frame;
    }

    private void write() {
        try {
            while (true) {
                Frame frame = queue.take();
                if (frame == Frame.END) {
                    connection.close();
                    return;
                }
                awaitDue(frame);
                side.forward(frame, this);
            }
        } catch (InterruptedException e) {
            connection.abort();
        } catch (IOException e) {
            log.debug("{}: {}", writer.getName(), e.toString());
            connection.abort();
        } catch (RuntimeException e) {
            log.warn("{} failed; resetting {}", writer.getName(), connection, e);
            connection.abort();
        }
    }

    /** Waits until the frame has been held for the current latency (re-read on every change). */
    private void awaitDue(Frame frame) throws InterruptedException {
        while (true) {
            long version = faults.version();
            long wait = frame.arrivalNanos() + faults.latencyNanos() - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            faults.awaitChange(version, wait);
        }
    }

    /** Writes bytes to the other side, chunk by chunk within the bandwidth cap, holding them while black-holed. */
    void send(byte[] bytes, int offset, int length) throws IOException, InterruptedException {
        int end = offset + length;
        while (offset < end) {
            long bandwidth = awaitTurn();
            int chunk = bandwidth == ProxyFaults.UNLIMITED ? end - offset : (int) Math.min(end - offset,
                    Math.max(1, Math.min(MAX_CHUNK_BYTES, bandwidth / CHUNKS_PER_SECOND)));
            out.write(bytes, offset, chunk);
            offset += chunk;
            if (bandwidth != ProxyFaults.UNLIMITED) {
                nextSendNanos = Math.max(System.nanoTime(), nextSendNanos) + chunk * NANOS_PER_SECOND / bandwidth;
            }
        }
        out.flush();
    }

    /** Blocks while black-holed or until the bandwidth cap allows the next chunk; returns the cap to send under. */
    private long awaitTurn() throws InterruptedException {
        while (true) {
            long version = faults.version();
            long wait;
            if (faults.blackHole()) {
                wait = Long.MAX_VALUE;
            } else {
                long bandwidth = faults.bandwidth();
                wait = nextSendNanos - System.nanoTime();
                if (bandwidth == ProxyFaults.UNLIMITED || wait <= 0) {
                    return bandwidth;
                }
            }
            faults.awaitChange(version, wait);
        }
    }
}
