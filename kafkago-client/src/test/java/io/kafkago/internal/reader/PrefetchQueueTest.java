package io.kafkago.internal.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrefetchQueueTest {

    private static final long NO_WAIT = 0;

    @Test
    void deliversChunksElementByElementInOrder() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        long epoch = queue.epoch();
        assertThat(queue.put(epoch, List.of("a", "b"))).isTrue();
        assertThat(queue.put(epoch, List.of("c"))).isTrue();
        assertThat(queue.size()).isEqualTo(3);

        assertThat(queue.poll(NO_WAIT)).isEqualTo("a");
        assertThat(queue.poll(NO_WAIT)).isEqualTo("b");
        assertThat(queue.poll(NO_WAIT)).isEqualTo("c");
        assertThat(queue.poll(NO_WAIT)).isNull();
        assertThat(queue.size()).isZero();
    }

    @Test
    void resetDropsQueuedElementsAndRefusesStaleChunks() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        long old = queue.epoch();
        queue.put(old, List.of("stale-1", "stale-2"));
        queue.poll(NO_WAIT);

        long current = queue.reset();

        assertThat(current).isEqualTo(old + 1);
        assertThat(queue.size()).isZero();
        assertThat(queue.put(old, List.of("late"))).isFalse();
        assertThat(queue.putFailure(old, new IllegalStateException("late"))).isFalse();
        assertThat(queue.put(current, List.of("fresh"))).isTrue();
        assertThat(queue.poll(NO_WAIT)).isEqualTo("fresh");
        assertThat(queue.poll(NO_WAIT)).isNull();
    }

    @Test
    void producerWaitsWhileFullAndResumesWhenConsumed() throws Exception {
        PrefetchQueue<Integer> queue = new PrefetchQueue<>(2);
        long epoch = queue.epoch();
        queue.put(epoch, List.of(1, 2));
        AtomicBoolean secondAccepted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            started.countDown();
            try {
                secondAccepted.set(queue.put(epoch, List.of(3)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        started.await();
        awaitState(producer, Thread.State.WAITING);
        assertThat(queue.size()).isEqualTo(2);

        assertThat(queue.poll(NO_WAIT)).isEqualTo(1);
        producer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(producer.isAlive()).isFalse();
        assertThat(secondAccepted).isTrue();
        assertThat(List.of(queue.poll(NO_WAIT), queue.poll(NO_WAIT))).containsExactly(2, 3);
    }

    @Test
    void resetReleasesBlockedProducerWithoutQueueingItsChunk() throws Exception {
        PrefetchQueue<Integer> queue = new PrefetchQueue<>(1);
        long epoch = queue.epoch();
        queue.put(epoch, List.of(1));
        AtomicReference<Boolean> accepted = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                accepted.set(queue.put(epoch, List.of(2)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        awaitState(producer, Thread.State.WAITING);

        queue.reset();
        producer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(accepted.get()).isFalse();
        assertThat(queue.size()).isZero();
    }

    @Test
    void failureIsDeliveredOnceInOrder() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        long epoch = queue.epoch();
        queue.put(epoch, List.of("before"));
        queue.putFailure(epoch, new IllegalStateException("fetch failed"));
        queue.put(epoch, List.of("after"));

        assertThat(queue.poll(NO_WAIT)).isEqualTo("before");
        assertThatThrownBy(() -> queue.poll(NO_WAIT)).isInstanceOf(IllegalStateException.class)
                .hasMessage("fetch failed");
        assertThat(queue.poll(NO_WAIT)).isEqualTo("after");
    }

    @Test
    void pollTimesOutWithNull() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(1);
        assertThat(queue.poll(1, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void interruptedPollTakesNothingAndKeepsQueueUsable() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(4);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                queue.poll(TimeUnit.MINUTES.toNanos(10));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        consumer.start();
        awaitState(consumer, Thread.State.TIMED_WAITING);
        consumer.interrupt();
        consumer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        queue.put(queue.epoch(), List.of("x"));
        assertThat(queue.poll(NO_WAIT)).isEqualTo("x");
    }

    @Test
    void asyncWaitersAreServedFirstInArrivalOrder() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        CompletableFuture<String> first = queue.pollAsync();
        CompletableFuture<String> second = queue.pollAsync();
        assertThat(first).isNotDone();

        queue.put(queue.epoch(), List.of("a", "b", "c"));

        assertThat(first.get()).isEqualTo("a");
        assertThat(second.get()).isEqualTo("b");
        assertThat(queue.poll(NO_WAIT)).isEqualTo("c");
    }

    @Test
    void asyncPollCompletesAtOnceWhenElementsAreQueued() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        queue.put(queue.epoch(), List.of("ready"));
        assertThat(queue.pollAsync().getNow(null)).isEqualTo("ready");
    }

    @Test
    void cancelledAsyncWaiterDoesNotConsumeAnElement() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        CompletableFuture<String> abandoned = queue.pollAsync();
        assertThat(abandoned.cancel(true)).isTrue();

        queue.put(queue.epoch(), List.of("kept"));

        assertThat(queue.poll(NO_WAIT)).isEqualTo("kept");
    }

    @Test
    void asyncWaiterReceivesQueuedFailure() {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        CompletableFuture<String> waiter = queue.pollAsync();
        queue.putFailure(queue.epoch(), new IllegalArgumentException("boom"));
        assertThatThrownBy(waiter::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeFailsWaitersAndLaterCallsAndStopsProducers() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(1);
        long epoch = queue.epoch();
        CompletableFuture<String> waiter = queue.pollAsync();
        List<Throwable> blockingOutcome = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                queue.poll(TimeUnit.MINUTES.toNanos(10));
            } catch (Throwable t) {
                synchronized (blockingOutcome) {
                    blockingOutcome.add(t);
                }
            }
        });
        consumer.start();
        awaitState(consumer, Thread.State.TIMED_WAITING);

        queue.close(() -> new IllegalStateException("closed"));
        consumer.join(TimeUnit.SECONDS.toMillis(30));

        assertThatThrownBy(waiter::get).hasCauseInstanceOf(IllegalStateException.class);
        synchronized (blockingOutcome) {
            assertThat(blockingOutcome).singleElement().isInstanceOf(IllegalStateException.class);
        }
        assertThat(queue.put(epoch, List.of("late"))).isFalse();
        assertThatThrownBy(() -> queue.poll(NO_WAIT)).hasMessage("closed");
        assertThat(queue.pollAsync()).isCompletedExceptionally();
    }

    @Test
    void takeHookSeesEveryTakenElementAndResetCallbackRunsAtomically() throws Exception {
        List<String> taken = new ArrayList<>();
        PrefetchQueue<String> queue = new PrefetchQueue<>(10, Long.MAX_VALUE, element -> 0, taken::add);
        queue.put(queue.epoch(), List.of("a", "b"));
        queue.poll(NO_WAIT);
        queue.pollAsync().get();
        List<String> resetSaw = new ArrayList<>();

        queue.reset(newEpoch -> resetSaw.add("size=" + queue.size() + ", epoch=" + newEpoch));

        assertThat(taken).containsExactly("a", "b");
        assertThat(resetSaw).containsExactly("size=0, epoch=1");
    }

    @Test
    void producerWaitsWhileTheQueuedBytesReachTheByteBoundThoughFewElementsWait() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(1000, 10, String::length, element -> { });
        long epoch = queue.epoch();
        queue.put(epoch, List.of("aaaa", "bbbb"));
        queue.put(epoch, List.of("cccc")); // accepted whole below the bound: 12 bytes now
        AtomicBoolean accepted = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try {
                accepted.set(queue.put(epoch, List.of("dddd")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        awaitState(producer, Thread.State.WAITING);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.bytes()).isEqualTo(12);

        assertThat(queue.poll(NO_WAIT)).isEqualTo("aaaa");
        assertThat(queue.bytes()).as("the chunk still holds what was taken from it: it counts until taken whole")
                .isEqualTo(12);
        assertThat(producer.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(queue.poll(NO_WAIT)).isEqualTo("bbbb"); // its chunk is gone: 4 bytes, room again
        producer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(accepted).isTrue();
        assertThat(queue.bytes()).isEqualTo(8);
        assertThat(List.of(queue.poll(NO_WAIT), queue.poll(NO_WAIT))).containsExactly("cccc", "dddd");
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void elementLargerThanTheByteBoundStillGetsThroughAnEmptyQueue() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10, 3, String::length, element -> { });
        assertThat(queue.put(queue.epoch(), List.of("larger than three"))).isTrue();
        assertThat(queue.poll(NO_WAIT)).isEqualTo("larger than three");
    }

    @Test
    void dropRemovesOnlyMatchingElementsAndFailuresKeepsTheRestInOrderAndRefusesStaleChunks() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(100, 100, String::length, element -> { });
        long old = queue.epoch();
        queue.put(old, List.of("a1", "b1", "a2"));
        queue.putFailure(old, new IllegalStateException("about a"));
        queue.putFailure(old, new IllegalArgumentException("about b"));
        queue.put(old, List.of("b2"));
        assertThat(queue.poll(NO_WAIT)).isEqualTo("a1"); // the head chunk is partly taken
        List<Long> epochSeen = new ArrayList<>();

        boolean dropped = queue.drop(element -> element.startsWith("a"), failure -> failure instanceof IllegalStateException,
                newEpoch -> epochSeen.add(newEpoch));

        assertThat(dropped).isTrue();
        assertThat(epochSeen).containsExactly(old + 1);
        assertThat(queue.epoch()).isEqualTo(old + 1);
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.bytes()).isEqualTo(4);
        assertThat(queue.put(old, List.of("late"))).isFalse();
        assertThat(queue.poll(NO_WAIT)).isEqualTo("b1");
        assertThatThrownBy(() -> queue.poll(NO_WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.poll(NO_WAIT)).isEqualTo("b2");
        assertThat(queue.poll(NO_WAIT)).isNull();
    }

    @Test
    void dropThatItsCallbackRefusesChangesNothing() throws Exception {
        PrefetchQueue<String> queue = new PrefetchQueue<>(10);
        long epoch = queue.epoch();
        queue.put(epoch, List.of("a"));

        assertThat(queue.drop(element -> true, failure -> true, newEpoch -> false)).isFalse();

        assertThat(queue.epoch()).isEqualTo(epoch);
        assertThat(queue.poll(NO_WAIT)).isEqualTo("a");
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThatThrownBy(() -> new PrefetchQueue<String>(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrefetchQueue<String>(1, 0, String::length, element -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        while (thread.getState() != state) {
            if (!thread.isAlive()) {
                throw new AssertionError("thread ended before reaching " + state);
            }
            Thread.sleep(1);
        }
    }
}
