package io.kafkago.internal.writer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the bytes a Writer holds in memory (queued and in flight). Writers reserve bytes before
 * their messages enter a batch and the sender gives them back when the batch completes, so a
 * producer faster than the brokers blocks instead of growing the heap without limit.
 *
 * <p>A single reservation larger than the whole limit is admitted when nothing else is buffered:
 * it could never fit otherwise. The uncontended path is one compare-and-set; only callers that
 * must wait take the lock.
 */
public final class BufferBudget {

    private final long limitBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicInteger waiters = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();

    /** @param limitBytes the most bytes held at once, positive */
    public BufferBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("buffer limit must be positive, got " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** Reserves {@code bytes} if they fit now; never blocks. */
    public boolean tryAcquire(long bytes) {
        checkAmount(bytes);
        while (true) {
            long used = usedBytes.get();
            boolean fits = used + bytes <= limitBytes || used == 0;
            if (!fits) {
                return false;
            }
            if (usedBytes.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    /**
     * Reserves {@code bytes}, waiting until enough are released or the deadline passes.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value after which to give up
     * @return false when the deadline passed before the bytes fit
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public boolean acquire(long bytes, long deadlineNanos) throws InterruptedException {
        if (tryAcquire(bytes)) {
            return true;
        }
        waiters.incrementAndGet();
        lock.lockInterruptibly();
        try {
            while (!tryAcquire(bytes)) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                released.await(remaining, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
            waiters.decrementAndGet();
        }
    }

    /** Gives back bytes reserved earlier and wakes writers waiting for room. */
    public void release(long bytes) {
        checkAmount(bytes);
        long after = usedBytes.addAndGet(-bytes);
        if (after < 0) {
            throw new IllegalStateException("released more bytes than were reserved: " + after);
        }
        if (waiters.get() > 0) {
            lock.lock();
            try {
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Bytes reserved right now. */
    public long usedBytes() {
        return usedBytes.get();
    }

    private static void checkAmount(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte count must not be negative, got " + bytes);
        }
    }
}
