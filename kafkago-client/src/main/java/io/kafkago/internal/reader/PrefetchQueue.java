package io.kafkago.internal.reader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The bounded hand-off between fetch loops (producers) and the application's read calls
 * (consumers).
 *
 * <p>Producers add whole decoded chunks (the records of one partition from one fetch response),
 * so the lock is taken once per chunk, not per record; consumers take one element at a time.
 * A producer blocks while {@link #capacity()} elements or more are queued, or elements weighing
 * {@code capacityBytes} or more, which is what stops fetching when the application reads
 * slowly. Both bounds are soft by at most one chunk per producer: a chunk is accepted whole as
 * soon as the queue is below both, so an element larger than the byte bound still gets through.
 *
 * <p>Every chunk is stamped with the epoch it was fetched in. {@link #reset()} drops everything
 * queued and starts a new epoch; chunks and failures of an older epoch are refused afterwards,
 * so a fetch that was in flight during a seek or a rebalance never delivers stale records.
 * {@link #drop} starts a new epoch too but drops only some elements (one partition's), keeping
 * the rest in order.
 *
 * <p>A failure put in the queue is delivered once, in order, to the next consumer, which lets a
 * fetch loop report a non-retriable error to the application and go on.
 *
 * @param <E> element type (the Reader queues {@code Message}s)
 */
public final class PrefetchQueue<E> {

    private final int capacity;
    private final long capacityBytes;
    private final ToLongFunction<? super E> weigher;
    private final Consumer<? super E> onTake;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** Queued chunks ({@link Chunk}) and failures ({@link Failure}), oldest first. */
    private final ArrayDeque<Object> entries = new ArrayDeque<>();
    /** Async consumers waiting for an element, oldest first. */
    private final ArrayDeque<CompletableFuture<E>> waiters = new ArrayDeque<>();
    private int headIndex;
    private int size;
    private long bytes;
    private long epoch;
    /**
     * Full resets so far: an element taken for an async consumer that cancelled goes back to the front unless one
     * happened meanwhile (a {@link #drop} concerns some partitions only, and a taken element's fetch position has moved
     * past it already, so dropping it would lose it).
     */
    private long resets;
    private Supplier<? extends RuntimeException> closedError;

    /**
     * A queue bounded by element count only, without a take hook.
     *
     * @param capacity number of queued elements at which producers wait; at least 1
     */
    public PrefetchQueue(int capacity) {
        this(capacity, Long.MAX_VALUE, element -> 0, element -> { });
    }

    /**
     * @param capacity      number of queued elements at which producers wait; at least 1
     * @param capacityBytes total weight of queued elements at which producers wait; at least 1
     * @param weigher       an element's weight in bytes; must not change while it is queued
     * @param onTake        called with each element as it is taken, under the queue's lock, so what it
     *                      records (a read position) is atomic with respect to {@link #reset(LongConsumer)};
     *                      it must be quick and must not call back into the queue
     */
    public PrefetchQueue(int capacity, long capacityBytes, ToLongFunction<? super E> weigher,
                         Consumer<? super E> onTake) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("capacityBytes must be at least 1, got " + capacityBytes);
        }
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.weigher = Objects.requireNonNull(weigher, "weigher");
        this.onTake = Objects.requireNonNull(onTake, "onTake");
    }

    /** Number of queued elements at which producers wait. */
    public int capacity() {
        return capacity;
    }

    /** The current epoch; producers stamp what they put with the epoch they started fetching in. */
    public long epoch() {
        lock.lock();
        try {
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code step} under the queue's lock, ordered with resets and drops. */
    public <T> T whileLocked(Supplier<T> step) {
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }

    /** Number of elements queued now. */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Weight of the chunks queued now, in bytes; a chunk counts until its last element is taken. */
    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops everything queued and starts a new epoch, waking producers blocked on a full queue
     * (their chunks are then refused as stale). Waiting consumers keep waiting.
     *
     * @return the new epoch
     */
    public long reset() {
        return reset(newEpoch -> { });
    }

    /**
     * {@link #reset()}, first running {@code atomically} with the new epoch under the queue's lock,
     * so that no element is taken between the reset and what it does (such as moving the read
     * position), and so that what it starts for the new epoch is ordered with the epochs of other
     * threads' resets.
     *
     * @return the new epoch
     */
    public long reset(LongConsumer atomically) {
        lock.lock();
        try {
            atomically.accept(epoch + 1);
            entries.clear();
            headIndex = 0;
            size = 0;
            bytes = 0;
            epoch++;
            resets++;
            notFull.signalAll();
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the queued elements and failures the predicates accept, keeps the others in order,
     * and starts a new epoch, so chunks a producer had not queued yet are refused and fetched
     * again. {@code atomically} runs first under the queue's lock with the new epoch, as for
     * {@link #reset(LongConsumer)}; when it returns false nothing changes.
     *
     * @return whether the drop happened
     */
    public boolean drop(Predicate<? super E> element, Predicate<? super RuntimeException> failure,
                        LongPredicate atomically) {
        return drop(element, failure, (newEpoch, dropped) -> atomically.test(newEpoch));
    }

    /**
     * {@link #drop(Predicate, Predicate, LongPredicate)} where the step taken under the lock also sees the elements
     * dropped, oldest first (a paused partition's fetch position goes back to the first of them).
     */
    public boolean drop(Predicate<? super E> element, Predicate<? super RuntimeException> failure,
                        DropStep<E> atomically) {
        lock.lock();
        try {
            ArrayDeque<Object> kept = new ArrayDeque<>(entries.size());
            List<E> dropped = new ArrayList<>();
            long keptBytes = 0;
            boolean head = true;
            for (Object entry : entries) {
                if (entry instanceof Failure queued) {
                    if (!failure.test(queued.error())) {
                        kept.addLast(entry);
                    }
                } else {
                    @SuppressWarnings("unchecked")
                    Chunk<E> chunk = (Chunk<E>) entry;
                    List<E> rest = chunk.elements().subList(head ? headIndex : 0, chunk.elements().size());
                    List<E> survivors = new ArrayList<>(rest.size());
                    for (E queued : rest) {
                        (element.test(queued) ? dropped : survivors).add(queued);
                    }
                    if (survivors.size() == rest.size() && !(head && headIndex > 0)) {
                        kept.addLast(chunk); // untouched: keeps its weight as it was counted
                        keptBytes += chunk.bytes();
                    } else if (!survivors.isEmpty()) {
                        Chunk<E> survivingChunk = new Chunk<>(survivors, weigh(survivors));
                        keptBytes += survivingChunk.bytes();
                        kept.addLast(survivingChunk);
                    }
                }
                head = false;
            }
            if (!atomically.test(epoch + 1, Collections.unmodifiableList(dropped))) {
                return false;
            }
            entries.clear();
            entries.addAll(kept);
            headIndex = 0;
            size -= dropped.size();
            bytes = keptBytes;
            epoch++;
            notFull.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #drop(Predicate, Predicate, DropStep)} runs under the queue's lock before the drop takes effect. */
    @FunctionalInterface
    public interface DropStep<E> {

        /**
         * @param newEpoch the epoch the drop starts
         * @param dropped  the elements about to be dropped, oldest first
         * @return false to leave the queue as it is
         */
        boolean test(long newEpoch, List<E> dropped);
    }

    /**
     * Adds a chunk fetched in {@code chunkEpoch}, waiting while the queue is full (by count or by weight).
     *
     * @return true if queued; false if the epoch has moved on or the queue is closed (the chunk
     *         is dropped)
     * @throws InterruptedException if the producer thread is interrupted while waiting
     */
    public boolean put(long chunkEpoch, List<E> chunk) throws InterruptedException {
        return put(chunkEpoch, chunk, weigh(chunk));
    }

    /**
     * {@link #put(long, List)} for a producer that knows the chunk's weight already ({@code chunkBytes}, the sum of
     * what the weigher says of its elements), which spares weighing every element again.
     */
    public boolean put(long chunkEpoch, List<E> chunk, long chunkBytes) throws InterruptedException {
        Objects.requireNonNull(chunk, "chunk");
        if (chunk.isEmpty()) {
            return isCurrent(chunkEpoch);
        }
        List<Delivery<E>> deliveries;
        lock.lockInterruptibly();
        try {
            while (isFullLocked() && chunkEpoch == epoch && closedError == null) {
                notFull.await();
            }
            if (chunkEpoch != epoch || closedError != null) {
                return false;
            }
            entries.addLast(new Chunk<>(chunk, chunkBytes));
            size += chunk.size();
            bytes += chunkBytes;
            deliveries = dispatchLocked();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        complete(deliveries);
        return true;
    }

    /**
     * Queues a failure to be thrown by the next consumer (or to complete the next async waiter
     * exceptionally). Never blocks.
     *
     * @return false if the epoch has moved on or the queue is closed
     */
    public boolean putFailure(long failureEpoch, RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        List<Delivery<E>> deliveries;
        lock.lock();
        try {
            if (failureEpoch != epoch || closedError != null) {
                return false;
            }
            entries.addLast(new Failure(failure));
            deliveries = dispatchLocked();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        complete(deliveries);
        return true;
    }

    /**
     * Takes the next element, waiting up to {@code timeoutNanos}.
     *
     * @return the element, or null if none arrived in time
     * @throws InterruptedException if interrupted while waiting (nothing is taken)
     * @throws RuntimeException     a queued failure, or the close error once closed
     */
    public E poll(long timeoutNanos) throws InterruptedException {
        long remaining = timeoutNanos;
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closedError != null) {
                    throw closedError.get();
                }
                if (!entries.isEmpty()) { // async waiters are served at put time, so none is skipped here
                    return takeLocked();
                }
                if (remaining <= 0) {
                    return null;
                }
                remaining = notEmpty.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #poll(long)} with a {@link TimeUnit}. */
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return poll(unit.toNanos(timeout));
    }

    /**
     * A future completed with the next element (or exceptionally with a queued failure or the
     * close error). Cancelling the future withdraws it: the element it would have received stays
     * queued for the next consumer.
     */
    public CompletableFuture<E> pollAsync() {
        CompletableFuture<E> waiter = new CompletableFuture<>();
        List<Delivery<E>> deliveries;
        lock.lock();
        try {
            if (closedError != null) {
                waiter.completeExceptionally(closedError.get());
                return waiter;
            }
            waiters.addLast(waiter);
            deliveries = dispatchLocked();
        } finally {
            lock.unlock();
        }
        complete(deliveries);
        waiter.whenComplete((value, error) -> {
            if (waiter.isCancelled()) {
                withdraw(waiter);
            }
        });
        return waiter;
    }

    /**
     * Closes the queue: queued elements are dropped, producers stop, and every consumer (waiting
     * now or later) gets the error from {@code closedError}. Idempotent.
     */
    public void close(Supplier<? extends RuntimeException> closedError) {
        Objects.requireNonNull(closedError, "closedError");
        List<CompletableFuture<E>> abandoned;
        lock.lock();
        try {
            if (this.closedError != null) {
                return;
            }
            this.closedError = closedError;
            entries.clear();
            headIndex = 0;
            size = 0;
            bytes = 0;
            epoch++;
            abandoned = new ArrayList<>(waiters);
            waiters.clear();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        for (CompletableFuture<E> waiter : abandoned) {
            waiter.completeExceptionally(closedError.get());
        }
    }

    private boolean isFullLocked() {
        return size >= capacity || bytes >= capacityBytes;
    }

    private boolean isCurrent(long someEpoch) {
        lock.lock();
        try {
            return someEpoch == epoch && closedError == null;
        } finally {
            lock.unlock();
        }
    }

    private void withdraw(CompletableFuture<E> waiter) {
        List<Delivery<E>> deliveries;
        lock.lock();
        try {
            waiters.remove(waiter);
            deliveries = dispatchLocked();
        } finally {
            lock.unlock();
        }
        complete(deliveries);
    }

    /** Pairs waiting async consumers with queued entries; the futures are completed unlocked. */
    private List<Delivery<E>> dispatchLocked() {
        if (waiters.isEmpty() || entries.isEmpty()) {
            return List.of();
        }
        List<Delivery<E>> deliveries = new ArrayList<>(Math.min(waiters.size(), size + 1));
        while (!waiters.isEmpty() && !entries.isEmpty()) {
            CompletableFuture<E> waiter = waiters.pollFirst();
            if (waiter.isDone()) {
                continue;
            }
            Object head = entries.peekFirst();
            if (head instanceof Failure failure) {
                entries.pollFirst();
                deliveries.add(new Delivery<>(waiter, null, failure.error(), resets));
            } else {
                deliveries.add(new Delivery<>(waiter, takeLocked(), null, resets));
            }
        }
        return deliveries;
    }

    /** Completes futures outside the lock; an element whose future was cancelled meanwhile goes back to the front. */
    private void complete(List<Delivery<E>> deliveries) {
        for (Delivery<E> delivery : deliveries) {
            if (delivery.error() != null) {
                delivery.waiter().completeExceptionally(delivery.error());
            } else if (!delivery.waiter().complete(delivery.element())) {
                requeueFront(delivery);
            }
        }
    }

    private void requeueFront(Delivery<E> delivery) {
        List<Delivery<E>> deliveries;
        lock.lock();
        try {
            if (delivery.resets() != resets || closedError != null) {
                return;
            }
            if (headIndex > 0) {
                Chunk<E> partlyTaken = headChunkLocked();
                entries.pollFirst();
                List<E> elements = partlyTaken.elements();
                entries.addFirst(new Chunk<>(elements.subList(headIndex, elements.size()), partlyTaken.bytes()));
                headIndex = 0;
            }
            long elementBytes = weigher.applyAsLong(delivery.element());
            entries.addFirst(new Chunk<>(List.of(delivery.element()), elementBytes));
            size++;
            bytes += elementBytes;
            notEmpty.signal();
            deliveries = dispatchLocked();
        } finally {
            lock.unlock();
        }
        complete(deliveries);
    }

    @SuppressWarnings("unchecked")
    private Chunk<E> headChunkLocked() {
        return (Chunk<E>) entries.peekFirst();
    }

    private long weigh(List<E> elements) {
        long total = 0;
        for (int i = 0, n = elements.size(); i < n; i++) {
            total += weigher.applyAsLong(elements.get(i));
        }
        return total;
    }

    private E takeLocked() {
        Object head = entries.peekFirst();
        if (head instanceof Failure failure) {
            entries.pollFirst();
            throw failure.error();
        }
        Chunk<E> chunk = headChunkLocked();
        E element = chunk.elements().get(headIndex++);
        onTake.accept(element);
        if (headIndex == chunk.elements().size()) {
            entries.pollFirst();
            headIndex = 0;
            bytes -= chunk.bytes(); // a chunk's weight is released once it is taken whole: no weighing per element
        }
        size--;
        if (!isFullLocked()) {
            notFull.signal();
        }
        if (!entries.isEmpty()) {
            notEmpty.signal();
        }
        return element;
    }

    private record Failure(RuntimeException error) {
    }

    /** Elements queued together, and their total weight. */
    private record Chunk<E>(List<E> elements, long bytes) {
    }

    private record Delivery<E>(CompletableFuture<E> waiter, E element, RuntimeException error, long resets) {
    }
}
