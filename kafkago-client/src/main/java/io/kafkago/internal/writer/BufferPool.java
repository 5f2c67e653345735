package io.kafkago.internal.writer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Heap buffers for encoded batches, reused from batch to batch so steady writing allocates no new
 * buffers. Keeps at most {@code maxPooledBytes} of idle buffers. Used by the sender thread only.
 */
final class BufferPool {

    private static final int MIN_CAPACITY = 16 * 1024;

    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private final long maxPooledBytes;
    private long pooledBytes;

    BufferPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    /** A cleared buffer with room for at least {@code capacity} bytes. */
    ByteBuffer take(int capacity) {
        for (int i = idle.size(); i > 0; i--) {
            ByteBuffer candidate = idle.pollFirst();
            if (candidate.capacity() >= capacity) {
                pooledBytes -= candidate.capacity();
                return candidate.clear();
            }
            idle.addLast(candidate);
        }
        return ByteBuffer.allocate(Math.max(capacity, MIN_CAPACITY));
    }

    /** Takes a buffer back for reuse, or drops it when the pool is full. */
    void give(ByteBuffer buffer) {
        if (pooledBytes + buffer.capacity() <= maxPooledBytes) {
            idle.addFirst(buffer);
            pooledBytes += buffer.capacity();
        }
    }
}
