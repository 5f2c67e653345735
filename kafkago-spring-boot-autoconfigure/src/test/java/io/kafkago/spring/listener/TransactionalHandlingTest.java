package io.kafkago.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.ErrorCode;
import io.kafkago.Header;
import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaFencedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.KafkaTransactionAbortedException;
import io.kafkago.Message;
import io.kafkago.spring.DeadLetterHeaders;
import io.kafkago.spring.json.Jackson3PayloadConverter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exactly-once handling of a transactional listener member ({@link TransactionalHandling}), driven through a
 * {@link ListenerConsumer} on its own thread over a scripted {@link TransactionalMessageSource} that records every
 * transaction: the handler's writes, the dead letters, the offsets, and whether it committed or aborted.
 */
class TransactionalHandlingTest {

    private static final RetryBackOff FAST_RETRY = new RetryBackOff(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1));
    private static final int ALWAYS = Integer.MAX_VALUE;

    private final FakeTransactionalSource source = new FakeTransactionalSource();
    private final Handlers handlers = new Handlers(source);
    private final List<Thread> threads = new ArrayList<>();
    private final List<ListenerConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<DeadLetterFailure> containerStops = new CopyOnWriteArrayList<>();
    private DeadLetterFailurePolicy policy = DeadLetterFailurePolicy.RETRY;

    record Order(String id, int cents) {
    }

    /** Handlers under test: each call writes one output per order to the open transaction, then may fail. */
    static final class Handlers {
        final FakeTransactionalSource source;
        /** Order id of every single-message call, in order. */
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** Order ids of every batch call, in order. */
        final List<List<String>> batchCalls = new CopyOnWriteArrayList<>();
        /** How many more times the call for an order id fails ({@link #ALWAYS}: every time). */
        final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
        final AtomicInteger batchFailuresLeft = new AtomicInteger();
        /** Writes made while no transaction was open: must stay 0. */
        final AtomicInteger writesOutsideTransaction = new AtomicInteger();
        /** A batch call with the order of this id fails, every time. */
        volatile String poison;
        /** The call for this order id waits for {@link #release} once it wrote its output. */
        volatile String blockOn;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Handlers(FakeTransactionalSource source) {
            this.source = source;
        }

        void order(Order order) {
            calls.add(order.id());
            write("out-" + order.id());
            if (order.id().equals(blockOn)) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (shouldFail(order.id())) {
                throw new IllegalStateException("handler failed on order " + order.id());
            }
        }

        void orders(List<Order> orders) {
            batchCalls.add(orders.stream().map(Order::id).toList());
            orders.forEach(order -> write("out-" + order.id()));
            if (batchFailuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("batch handler failed");
            }
            if (orders.stream().anyMatch(order -> order.id().equals(poison))) {
                throw new IllegalStateException("batch handler failed on order " + poison);
            }
        }

        private boolean shouldFail(String id) {
            Integer left = failuresLeft.get(id);
            if (left == null || left <= 0) {
                return false;
            }
            if (left != ALWAYS) {
                failuresLeft.put(id, left - 1);
            }
            return true;
        }

        private void write(String output) {
            FakeTransaction transaction = source.openTransaction();
            if (transaction == null) {
                writesOutsideTransaction.incrementAndGet();
            } else {
                transaction.write(output);
            }
        }
    }

    /** One transaction of the fake member producer. Used by the member thread; read by the test after it. */
    static final class FakeTransaction implements ListenerTransaction {
        final int number;
        private final FakeTransactionalSource source;
        final List<String> outputs = new CopyOnWriteArrayList<>();
        final List<Message> deadLetters = new CopyOnWriteArrayList<>();
        /** Offsets of the messages given to commitOffsets (all calls, in order). */
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        final AtomicInteger commitOffsetsCalls = new AtomicInteger();
        final AtomicInteger commitCalls = new AtomicInteger();
        final AtomicInteger closeCalls = new AtomicInteger();
        volatile boolean committed;
        volatile boolean aborted;
        /** Anything done to it after it ended (committed, aborted or closed). */
        final AtomicInteger misuse = new AtomicInteger();

        FakeTransaction(int number, FakeTransactionalSource source) {
            this.number = number;
            this.source = source;
        }

        private boolean ended() {
            return committed || aborted || closeCalls.get() > 0;
        }

        void write(String output) {
            if (ended()) {
                misuse.incrementAndGet();
            }
            outputs.add(output);
        }

        @Override
        public void writeDeadLetter(Message deadLetter) {
            if (ended()) {
                misuse.incrementAndGet();
            }
            deadLetters.add(deadLetter);
        }

        @Override
        public void commitOffsets(List<Message> consumed) {
            if (ended()) {
                misuse.incrementAndGet();
            }
            commitOffsetsCalls.incrementAndGet();
            List<Long> consumedOffsets = consumed.stream().map(Message::offset).toList(); // copied: a view
            RuntimeException failure = source.next(source.commitOffsetsScript);
            if (failure != null) {
                throw failure;
            }
            offsets.addAll(consumedOffsets);
        }

        @Override
        public void commit() {
            if (ended()) {
                misuse.incrementAndGet();
            }
            commitCalls.incrementAndGet();
            RuntimeException failure = source.next(source.commitScript);
            if (failure instanceof KafkaTransactionAbortedException) {
                aborted = true;
            }
            if (failure != null) {
                throw failure; // a KafkaTimeoutException leaves it open: the outcome is unknown
            }
            committed = true;
            source.committed(this);
        }

        @Override
        public void close() {
            if (closeCalls.incrementAndGet() > 1) {
                misuse.incrementAndGet();
            }
            if (!committed) {
                aborted = true;
            }
            source.closed(this);
        }

        @Override
        public String toString() {
            return "T" + number + (committed ? " committed" : aborted ? " aborted" : " open") + " outputs=" + outputs
                    + " offsets=" + offsets + " deadLetters=" + deadLetters.size();
        }
    }

    /**
     * Serves scripted fetches (one scripted batch per fetch, the rest of it by fetchAvailable), waits briefly and
     * returns null when there is nothing, and returns null at once when woken up. Scripts say what begin, commitOffsets
     * and commit throw, call after call ({@link #SUCCEEDS}: that call succeeds; an empty script: every call does).
     */
    static final class FakeTransactionalSource implements TransactionalMessageSource {
        private final Deque<List<Message>> batches = new ArrayDeque<>();
        private final Deque<Message> rest = new ArrayDeque<>();
        private boolean woken;
        final Deque<RuntimeException> beginScript = new ArrayDeque<>();
        final Deque<RuntimeException> commitOffsetsScript = new ArrayDeque<>();
        final Deque<RuntimeException> commitScript = new ArrayDeque<>();
        final List<FakeTransaction> transactions = new CopyOnWriteArrayList<>();
        /** Offsets of committed transactions, in commit order. */
        final List<Long> committedOffsets = new CopyOnWriteArrayList<>();
        final AtomicInteger beginCalls = new AtomicInteger();
        final AtomicInteger fetches = new AtomicInteger();
        /** Begins while another transaction was open, and calls of the non-transactional commit: must stay 0. */
        final AtomicInteger misuse = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        private volatile FakeTransaction open;

        synchronized void addBatch(Message... messages) {
            batches.add(List.of(messages));
            notifyAll();
        }

        /** A script entry for a call that succeeds. */
        static final RuntimeException SUCCEEDS = new RuntimeException("this call succeeds");

        synchronized RuntimeException next(Deque<RuntimeException> script) {
            RuntimeException next = script.poll();
            return next == SUCCEEDS ? null : next;
        }

        synchronized void script(Deque<RuntimeException> script, RuntimeException... failures) {
            for (RuntimeException failure : failures) {
                script.add(failure);
            }
        }

        FakeTransaction openTransaction() {
            return open;
        }

        void committed(FakeTransaction transaction) {
            committedOffsets.addAll(transaction.offsets);
        }

        void closed(FakeTransaction transaction) {
            if (open == transaction) {
                open = null;
            }
        }

        List<FakeTransaction> committedTransactions() {
            return transactions.stream().filter(t -> t.committed).toList();
        }

        List<String> committedOutputs() {
            return committedTransactions().stream().flatMap(t -> t.outputs.stream()).toList();
        }

        List<Message> committedDeadLetters() {
            return committedTransactions().stream().flatMap(t -> t.deadLetters.stream()).toList();
        }

        @Override
        public ListenerTransaction beginTransaction() {
            beginCalls.incrementAndGet();
            if (open != null) {
                misuse.incrementAndGet();
            }
            RuntimeException failure = next(beginScript);
            if (failure != null) {
                throw failure;
            }
            FakeTransaction transaction = new FakeTransaction(transactions.size(), this);
            transactions.add(transaction);
            open = transaction;
            return transaction;
        }

        @Override
        public synchronized Message fetch() {
            fetches.incrementAndGet();
            if (!rest.isEmpty()) {
                return rest.poll();
            }
            if (batches.isEmpty() && !woken) {
                try {
                    wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            if (woken) {
                woken = false;
                return null;
            }
            List<Message> batch = batches.poll();
            if (batch == null) {
                return null;
            }
            rest.addAll(batch.subList(1, batch.size()));
            return batch.get(0);
        }

        @Override
        public synchronized void fetchAvailable(List<Message> batch, int max) {
            for (int i = 0; i < max && !rest.isEmpty(); i++) {
                batch.add(rest.poll());
            }
        }

        @Override
        public void commit(List<Message> messages) {
            misuse.incrementAndGet();
            throw new UnsupportedOperationException("a transactional member commits in its transactions");
        }

        @Override
        public synchronized void wakeUp(Thread fetcher) {
            woken = true;
            notifyAll();
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        consumers.forEach(ListenerConsumer::requestStop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }

    private ListenerConsumer start(String methodName, boolean batch, RetryBackOff retry, boolean deadLetterEnabled)
            throws NoSuchMethodException {
        ListenerConsumer consumer = newConsumer(methodName, batch, retry, deadLetterEnabled, source);
        Thread thread = new Thread(consumer, "test-transactional-member");
        threads.add(thread);
        consumers.add(consumer);
        thread.start();
        return consumer;
    }

    private ListenerConsumer newConsumer(String methodName, boolean batch, RetryBackOff retry,
            boolean deadLetterEnabled, MessageSource memberSource) throws NoSuchMethodException {
        Method method = Handlers.class.getDeclaredMethod(methodName, batch ? List.class : Order.class);
        ListenerMethod listenerMethod = ListenerMethod.of(handlers, method, batch,
                new Jackson3PayloadConverter(JsonMapper.builder().build()));
        ListenerEndpoint endpoint = new ListenerEndpoint("orders-listener", List.of("orders"), "billing", 1, true,
                StartOffset.FIRST, null, null, policy, retry, true, listenerMethod);
        ListenerSettings settings = new ListenerSettings(1, true, retry, deadLetterEnabled, ".DLT",
                DeadLetterFailurePolicy.RETRY, Duration.ofSeconds(10), 100, Duration.ofSeconds(30), true);
        return new ListenerConsumer(endpoint, settings, memberSource,
                new DeadLetterPublisher(message -> {
                    throw new AssertionError("a transactional member writes dead letters in its transactions");
                }), ListenerObserver.NONE, new java.util.concurrent.Phaser(), containerStops::add);
    }

    private ListenerConsumer start(String methodName, boolean batch) throws NoSuchMethodException {
        return start(methodName, batch, FAST_RETRY, true);
    }

    private static Message order(long offset, String id) {
        return record(offset, "{\"id\":\"" + id + "\",\"cents\":" + offset + "}");
    }

    private static Message record(long offset, String json) {
        return new Message("orders", 2, offset, offset + 1, "k".getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), List.of(Header.of("trace", "t-" + offset)),
                Instant.ofEpochMilli(1_700_000_000_000L + offset));
    }

    private static String header(Message message, String key) {
        return message.headers().stream().filter(h -> h.key().equals(key)).reduce((a, b) -> b)
                .map(Header::valueAsString).orElse(null);
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private void awaitCommitted(long offset) throws InterruptedException {
        awaitUntil("offset " + offset + " committed; transactions: " + source.transactions,
                () -> source.committedOffsets.contains(offset));
    }

    /** Stops the member and waits until its thread ended, so that everything it recorded can be read. */
    private void stopAndJoin(ListenerConsumer consumer) throws InterruptedException {
        consumer.requestStop();
        for (Thread thread : threads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).as("the member thread ended").isFalse();
        }
        assertThat(source.closed.getCount()).as("the source was closed").isZero();
        assertWellFormed();
    }

    /** Every transaction ended exactly once, nothing was done to one after it ended, no two were open together. */
    private void assertWellFormed() {
        assertThat(source.misuse).hasValue(0);
        assertThat(handlers.writesOutsideTransaction).hasValue(0);
        assertThat(source.transactions).allSatisfy(t -> {
            assertThat(t.closeCalls).as("closed once: %s", t).hasValue(1);
            assertThat(t.misuse).as("used after it ended: %s", t).hasValue(0);
            assertThat(t.committed ^ t.aborted).as("committed or aborted: %s", t).isTrue();
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. A fetched run in one transaction.

    @Test
    void theMessagesFetchedTogetherAreHandledAndCommittedInOneTransaction() throws Exception {
        source.addBatch(order(10, "a"), order(11, "b"), order(12, "c"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(12);
        stopAndJoin(consumer);

        assertThat(source.transactions).singleElement().satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-b", "out-c");
            assertThat(t.offsets).containsExactly(10L, 11L, 12L);
            assertThat(t.commitOffsetsCalls).hasValue(1);
            assertThat(t.commitCalls).hasValue(1);
            assertThat(t.deadLetters).isEmpty();
        });
        assertThat(handlers.calls).containsExactly("a", "b", "c");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. A message of the run fails once.

    @Test
    void aMessageFailingOnceAbortsTheRunThenTheOnesBeforeItRunAgainItIsRetriedAloneAndTheRestFollows()
            throws Exception {
        handlers.failuresLeft.put("c", 1);
        source.addBatch(order(10, "a"), order(11, "b"), order(12, "c"), order(13, "d"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(13);
        stopAndJoin(consumer);

        List<FakeTransaction> all = source.transactions;
        assertThat(all).hasSize(4);
        assertThat(all.get(0)).satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-b", "out-c");
            assertThat(t.commitOffsetsCalls).hasValue(0);
            assertThat(t.commitCalls).hasValue(0);
        });
        assertThat(all.get(1)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-b");
            assertThat(t.offsets).containsExactly(10L, 11L);
        });
        assertThat(all.get(2)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-c");
            assertThat(t.offsets).containsExactly(12L);
        });
        assertThat(all.get(3)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-d");
            assertThat(t.offsets).containsExactly(13L);
        });
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-b", "out-c", "out-d");
        assertThat(source.committedOffsets).containsExactly(10L, 11L, 12L, 13L);
        assertThat(source.committedDeadLetters()).isEmpty();
        assertThat(handlers.calls).containsExactly("a", "b", "c", "a", "b", "c", "d");
    }

    @Test
    void theFirstMessageOfARunFailingOnceIsRetriedAloneWithoutAnEmptyTransactionBeforeIt() throws Exception {
        handlers.failuresLeft.put("a", 1);
        source.addBatch(order(10, "a"), order(11, "b"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(11);
        stopAndJoin(consumer);

        assertThat(source.transactions).hasSize(3);
        assertThat(source.transactions.get(0).aborted).isTrue();
        assertThat(source.transactions.get(1).offsets).containsExactly(10L);
        assertThat(source.transactions.get(2).offsets).containsExactly(11L);
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-b");
        assertThat(handlers.calls).containsExactly("a", "a", "b");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. A message that always fails.

    @Test
    void aMessageThatAlwaysFailsIsDeadLetteredInTheTransactionThatCommitsItsOffset() throws Exception {
        handlers.failuresLeft.put("bad", ALWAYS);
        source.addBatch(order(20, "a"), order(21, "bad"), order(22, "c"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(22);
        stopAndJoin(consumer);

        List<FakeTransaction> all = source.transactions;
        assertThat(all).hasSize(6);
        assertThat(all.get(0).aborted).isTrue(); // a, bad (attempt 1)
        assertThat(all.get(1)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a");
            assertThat(t.offsets).containsExactly(20L);
        });
        assertThat(all.get(2)).satisfies(t -> { // attempt 2
            assertThat(t.aborted).isTrue();
            assertThat(t.outputs).containsExactly("out-bad");
        });
        assertThat(all.get(3)).satisfies(t -> { // attempt 3
            assertThat(t.aborted).isTrue();
            assertThat(t.outputs).containsExactly("out-bad");
        });
        assertThat(all.get(4)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).isEmpty();
            assertThat(t.offsets).containsExactly(21L);
            assertThat(t.deadLetters).singleElement().satisfies(deadLetter -> {
                assertThat(deadLetter.topic()).isEqualTo("orders.DLT");
                assertThat(deadLetter.valueAsString()).isEqualTo("{\"id\":\"bad\",\"cents\":21}");
                assertThat(header(deadLetter, "trace")).isEqualTo("t-21");
                assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
                assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("21");
                assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("2");
                assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                        .isEqualTo(IllegalStateException.class.getName());
                assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE))
                        .isEqualTo("handler failed on order bad");
                assertThat(header(deadLetter, DeadLetterHeaders.LISTENER_ID)).isEqualTo("orders-listener");
            });
        });
        assertThat(all.get(5)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-c");
            assertThat(t.offsets).containsExactly(22L);
        });
        assertThat(handlers.calls).containsExactly("a", "bad", "a", "bad", "bad", "c");
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-c");
        assertThat(source.committedDeadLetters()).hasSize(1);
        assertThat(source.committedOffsets).containsExactly(20L, 21L, 22L);
    }

    @Test
    void anUnconvertibleMessageIsDeadLetteredAtOnceWithZeroAttempts() throws Exception {
        source.addBatch(order(30, "a"), record(31, "not json"), order(32, "c"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(32);
        stopAndJoin(consumer);

        List<FakeTransaction> all = source.transactions;
        assertThat(all).hasSize(4);
        assertThat(all.get(0).aborted).isTrue();
        assertThat(all.get(1).offsets).containsExactly(30L);
        assertThat(all.get(2)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.offsets).containsExactly(31L);
            assertThat(t.deadLetters).singleElement().satisfies(deadLetter -> {
                assertThat(deadLetter.valueAsString()).isEqualTo("not json");
                assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
                assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                        .isEqualTo("io.kafkago.spring.PayloadConversionException");
            });
        });
        assertThat(all.get(3).offsets).containsExactly(32L);
        assertThat(handlers.calls).containsExactly("a", "a", "c");
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-c");
    }

    @Test
    void withDeadLetteringOffAMessageGivenUpOnHasItsOffsetCommittedAloneWithoutADeadLetter() throws Exception {
        handlers.failuresLeft.put("bad", ALWAYS);
        source.addBatch(order(35, "bad"), order(36, "b"));
        ListenerConsumer consumer = start("order", false, FAST_RETRY, false);

        awaitCommitted(36);
        stopAndJoin(consumer);

        assertThat(handlers.calls).containsExactly("bad", "bad", "bad", "b");
        assertThat(source.committedTransactions()).extracting(t -> List.copyOf(t.offsets))
                .containsExactly(List.of(35L), List.of(36L));
        assertThat(source.committedOutputs()).containsExactly("out-b");
        assertThat(source.transactions).allSatisfy(t -> assertThat(t.deadLetters).isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. The group moved on.

    @Test
    void offsetsRefusedWithIllegalGenerationAbortTheTransactionWithoutHandlingTheMessagesAgain() throws Exception {
        source.script(source.commitOffsetsScript,
                new KafkaBrokerException(ErrorCode.ILLEGAL_GENERATION, "commit offsets of billing"));
        source.addBatch(order(40, "a"), order(41, "b"));
        source.addBatch(order(42, "c"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(42);
        stopAndJoin(consumer);

        assertThat(source.transactions).hasSize(2);
        assertThat(source.transactions.get(0)).satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.commitOffsetsCalls).hasValue(1);
            assertThat(t.commitCalls).as("not committed after the offsets were refused").hasValue(0);
        });
        assertThat(handlers.calls).as("left to the partitions' next owner, not handled again").containsExactly("a",
                "b", "c");
        assertThat(source.committedOutputs()).containsExactly("out-c");
        assertThat(source.committedOffsets).containsExactly(42L);
    }

    @Test
    void whenTheGroupMovedOnTheRestOfTheFetchedMessagesAreLeftAndTheLoopGoesOnFetching() throws Exception {
        handlers.failuresLeft.put("b", 1);
        // The first commitOffsets is the re-run of "a" (the first transaction aborts at "b" before committing).
        source.script(source.commitOffsetsScript,
                new KafkaBrokerException(ErrorCode.ILLEGAL_GENERATION, "commit offsets of billing"));
        source.addBatch(order(50, "a"), order(51, "b"), order(52, "c"));
        source.addBatch(order(53, "d"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(53);
        stopAndJoin(consumer);

        assertThat(source.transactions).hasSize(3);
        assertThat(source.transactions.get(0)).satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-b");
        });
        assertThat(source.transactions.get(1)).satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.outputs).containsExactly("out-a");
            assertThat(t.commitOffsetsCalls).hasValue(1);
            assertThat(t.commitCalls).hasValue(0);
        });
        assertThat(source.transactions.get(2)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-d");
            assertThat(t.offsets).containsExactly(53L);
        });
        assertThat(handlers.calls).as("b and c are not handled in that run").containsExactly("a", "b", "a", "d");
        assertThat(source.committedOffsets).containsExactly(53L);
        assertThat(source.fetches.get()).isGreaterThanOrEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 5. A commit whose outcome is unknown.

    @Test
    void aCommitWhoseOutcomeIsUnknownIsCommittedAgainWithoutRunningTheHandlerAgain() throws Exception {
        source.script(source.commitScript, new KafkaTimeoutException("EndTxn not answered within the timeout"));
        source.addBatch(order(60, "a"), order(61, "b"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(61);
        stopAndJoin(consumer);

        assertThat(source.beginCalls).hasValue(1);
        assertThat(source.transactions).singleElement().satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.commitCalls).as("committed again, same transaction").hasValue(2);
            assertThat(t.commitOffsetsCalls).hasValue(1);
            assertThat(t.outputs).containsExactly("out-a", "out-b");
            assertThat(t.offsets).containsExactly(60L, 61L);
        });
        assertThat(handlers.calls).containsExactly("a", "b");
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-b");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 6. Fenced.

    @Test
    void aProducerFencedAtBeginStopsTheMemberAndCommitsNothing() throws Exception {
        source.script(source.beginScript, new KafkaFencedException(ErrorCode.PRODUCER_FENCED, "begin transaction"));
        source.addBatch(order(70, "a"), order(71, "b"));
        source.addBatch(order(72, "c"));
        start("order", false);

        Thread member = threads.get(0);
        member.join(10_000);
        assertThat(member.isAlive()).as("the member stopped on its own").isFalse();
        assertThat(source.closed.getCount()).isZero();
        assertWellFormed();
        assertThat(source.beginCalls).as("not tried again").hasValue(1);
        assertThat(source.transactions).isEmpty();
        assertThat(handlers.calls).isEmpty();
        assertThat(source.committedOffsets).isEmpty();
    }

    @Test
    void aProducerFencedAtCommitStopsTheMemberAndCommitsNothing() throws Exception {
        source.script(source.commitScript, new KafkaFencedException(ErrorCode.PRODUCER_FENCED, "end transaction"));
        source.addBatch(order(73, "a"), order(74, "b"));
        source.addBatch(order(75, "c"));
        start("order", false);

        Thread member = threads.get(0);
        member.join(10_000);
        assertThat(member.isAlive()).as("the member stopped on its own").isFalse();
        assertWellFormed();
        assertThat(source.transactions).singleElement().satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.commitCalls).hasValue(1);
        });
        assertThat(handlers.calls).containsExactly("a", "b");
        assertThat(source.committedOffsets).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 7. The coordinator unreachable for a while.

    @Test
    void aTransactionThatCannotBeBegunIsTriedAgainWithoutCountingAsAnAttempt() throws Exception {
        source.script(source.beginScript, new IllegalStateException("coordinator not available"),
                new IllegalStateException("coordinator not available"));
        // One attempt only: were a failed begin counted, the messages would be given up on.
        ListenerConsumer consumer = start("order", false, FAST_RETRY.withMaxAttempts(1), true);
        source.addBatch(order(80, "a"), order(81, "b"));

        awaitCommitted(81);
        stopAndJoin(consumer);

        assertThat(source.beginCalls).hasValue(3);
        assertThat(source.transactions).singleElement().satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-b");
            assertThat(t.offsets).containsExactly(80L, 81L);
            assertThat(t.deadLetters).isEmpty();
        });
        assertThat(handlers.calls).containsExactly("a", "b");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 8. A commit that aborts.

    @Test
    void aCommitThatAbortsCountsAsAFailedAttemptAndIsRetried() throws Exception {
        source.script(source.commitScript,
                new KafkaTransactionAbortedException("a write in the transaction failed", null));
        source.addBatch(order(90, "a"));
        ListenerConsumer consumer = start("order", false);

        awaitCommitted(90);
        stopAndJoin(consumer);

        assertThat(source.transactions).hasSize(2);
        assertThat(source.transactions.get(0)).satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.commitCalls).hasValue(1);
            assertThat(t.outputs).containsExactly("out-a");
        });
        assertThat(source.transactions.get(1)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a");
            assertThat(t.offsets).containsExactly(90L);
        });
        assertThat(handlers.calls).containsExactly("a", "a");
        assertThat(source.committedOutputs()).containsExactly("out-a");
        assertThat(source.committedDeadLetters()).isEmpty();
    }

    @Test
    void withOneAttemptACommitThatAbortsGetsTheMessageDeadLettered() throws Exception {
        source.script(source.commitScript,
                new KafkaTransactionAbortedException("a write in the transaction failed", null));
        source.addBatch(order(95, "a"));
        ListenerConsumer consumer = start("order", false, FAST_RETRY.withMaxAttempts(1), true);

        awaitCommitted(95);
        stopAndJoin(consumer);

        assertThat(handlers.calls).containsExactly("a");
        assertThat(source.transactions).hasSize(2);
        assertThat(source.transactions.get(1)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).isEmpty();
            assertThat(t.offsets).containsExactly(95L);
            assertThat(t.deadLetters).singleElement().satisfies(deadLetter -> {
                assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
                assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                        .isEqualTo(KafkaTransactionAbortedException.class.getName());
            });
        });
        assertThat(source.committedOutputs()).isEmpty();
    }

    @Test
    void aCommitThatAbortsWhileTheMessagesBeforeAFailingOneRunAgainGoesOnOneTransactionEach() throws Exception {
        handlers.failuresLeft.put("d", 1);
        source.script(source.commitScript,
                new KafkaTransactionAbortedException("a write in the transaction failed", null));
        source.addBatch(order(150, "a"), order(151, "b"), order(152, "c"), order(153, "d"));
        ListenerConsumer consumer = start("order", false, FAST_RETRY, true);

        awaitCommitted(153);
        stopAndJoin(consumer);

        assertThat(handlers.calls).containsExactly("a", "b", "c", "d", "a", "b", "c", "a", "b", "c", "d");
        assertThat(source.committedTransactions()).extracting(t -> t.offsets)
                .containsExactly(List.of(150L), List.of(151L), List.of(152L), List.of(153L));
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-b", "out-c", "out-d");
    }

    @Test
    void aCommitThatAbortsForSeveralMessagesBlamesNoneAndRunsTheRestOneTransactionEach() throws Exception {
        source.script(source.commitScript,
                new KafkaTransactionAbortedException("a write in the transaction failed", null));
        source.addBatch(order(96, "a"), order(97, "b"), order(98, "c"));
        ListenerConsumer consumer = start("order", false, FAST_RETRY.withMaxAttempts(1), true);

        awaitCommitted(98);
        stopAndJoin(consumer);

        assertThat(handlers.calls).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(source.transactions).hasSize(4);
        assertThat(source.transactions.get(0).committed).isFalse();
        assertThat(source.transactions.subList(1, 4)).allSatisfy(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.deadLetters).as("no message is dead-lettered for a failure it may not have caused").isEmpty();
        });
        assertThat(source.transactions.subList(1, 4)).extracting(t -> t.offsets)
                .containsExactly(List.of(96L), List.of(97L), List.of(98L));
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-b", "out-c");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 9. Batch listeners.

    @Test
    void aBatchIsOneTransactionPerAttempt() throws Exception {
        handlers.batchFailuresLeft.set(1);
        source.addBatch(order(100, "a"), order(101, "b"), order(102, "c"));
        ListenerConsumer consumer = start("orders", true);

        awaitCommitted(102);
        stopAndJoin(consumer);

        assertThat(source.transactions).hasSize(2);
        assertThat(source.transactions.get(0)).satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-b", "out-c");
            assertThat(t.commitOffsetsCalls).hasValue(0);
        });
        assertThat(source.transactions.get(1)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-b", "out-c");
            assertThat(t.offsets).containsExactly(100L, 101L, 102L);
        });
        assertThat(handlers.batchCalls).containsExactly(List.of("a", "b", "c"), List.of("a", "b", "c"));
        assertThat(source.committedOutputs()).containsExactly("out-a", "out-b", "out-c");
    }

    @Test
    void anUnconvertibleMessageOfABatchIsDeadLetteredInTheTransactionThatCommitsTheBatch() throws Exception {
        source.addBatch(order(110, "a"), record(111, "oops"), order(112, "c"));
        ListenerConsumer consumer = start("orders", true);

        awaitCommitted(112);
        stopAndJoin(consumer);

        assertThat(source.transactions).singleElement().satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-c");
            assertThat(t.offsets).containsExactly(110L, 111L, 112L);
            assertThat(t.deadLetters).singleElement().satisfies(deadLetter -> {
                assertThat(deadLetter.topic()).isEqualTo("orders.DLT");
                assertThat(deadLetter.valueAsString()).isEqualTo("oops");
                assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("111");
                assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
                assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                        .isEqualTo("io.kafkago.spring.PayloadConversionException");
            });
        });
        assertThat(handlers.batchCalls).containsExactly(List.of("a", "c"));
    }

    @Test
    void theDeadLetterOfAnUnconvertibleBatchMessageCommitsOnceWhenTheBatchIsRetried() throws Exception {
        handlers.batchFailuresLeft.set(1);
        source.addBatch(order(120, "a"), record(121, "oops"), order(122, "c"));
        ListenerConsumer consumer = start("orders", true);

        awaitCommitted(122);
        stopAndJoin(consumer);

        assertThat(source.transactions).hasSize(2);
        assertThat(source.transactions.get(0).aborted).isTrue();
        assertThat(source.transactions.get(1)).satisfies(t -> {
            assertThat(t.committed).isTrue();
            assertThat(t.outputs).containsExactly("out-a", "out-c");
            assertThat(t.offsets).containsExactly(120L, 121L, 122L);
            assertThat(t.deadLetters).hasSize(1);
        });
        assertThat(source.committedDeadLetters()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.valueAsString()).isEqualTo("oops"));
        assertThat(handlers.batchCalls).containsExactly(List.of("a", "c"), List.of("a", "c"));
    }

    @Test
    void aBatchFailingEveryAttemptGoesMessageByMessageAndEachFailingAloneIsDeadLettered() throws Exception {
        handlers.batchFailuresLeft.set(ALWAYS);
        source.addBatch(order(130, "a"), order(131, "b"));
        ListenerConsumer consumer = start("orders", true, FAST_RETRY.withMaxAttempts(2), true);

        awaitCommitted(131);
        stopAndJoin(consumer);

        assertThat(handlers.batchCalls).containsExactly(List.of("a", "b"), List.of("a", "b"), List.of("a"),
                List.of("a"), List.of("b"), List.of("b"));
        assertThat(source.transactions).hasSize(8);
        assertThat(source.committedTransactions()).satisfiesExactly(t -> {
            assertThat(t.offsets).containsExactly(130L);
            assertThat(t.deadLetters).singleElement().satisfies(deadLetter -> {
                assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("130");
                assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("2");
                assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("batch handler failed");
            });
        }, t -> {
            assertThat(t.offsets).containsExactly(131L);
            assertThat(t.deadLetters).singleElement().satisfies(deadLetter -> {
                assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("131");
                assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("2");
            });
        });
        assertThat(source.committedOutputs()).isEmpty();
    }

    @Test
    void aBatchWithOnePoisonedMessageDeadLettersThatOneAndCommitsTheOthersOutputs() throws Exception {
        handlers.poison = "p";
        source.addBatch(order(140, "a"), order(141, "p"), order(142, "c"));
        ListenerConsumer consumer = start("orders", true, FAST_RETRY.withMaxAttempts(2), true);

        awaitCommitted(142);
        stopAndJoin(consumer);

        assertThat(handlers.batchCalls).containsExactly(List.of("a", "p", "c"), List.of("a", "p", "c"), List.of("a"),
                List.of("p"), List.of("p"), List.of("c"));
        assertThat(source.committedOutputs()).as("the innocent messages' outputs, once").containsExactly("out-a",
                "out-c");
        assertThat(source.committedDeadLetters()).singleElement()
                .satisfies(deadLetter -> assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET))
                        .isEqualTo("141"));
        assertThat(source.committedTransactions()).extracting(t -> t.offsets)
                .containsExactly(List.of(140L), List.of(141L), List.of(142L));
    }

    @Test
    void aBatchWhoseOffsetsAreRefusedIsNotHandledAgain() throws Exception {
        source.script(source.commitOffsetsScript,
                new KafkaBrokerException(ErrorCode.REBALANCE_IN_PROGRESS, "commit offsets of billing"));
        source.addBatch(order(140, "a"), order(141, "b"));
        source.addBatch(order(142, "c"));
        ListenerConsumer consumer = start("orders", true);

        awaitCommitted(142);
        stopAndJoin(consumer);

        assertThat(handlers.batchCalls).containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(source.transactions.get(0).aborted).isTrue();
        assertThat(source.committedOutputs()).containsExactly("out-c");
        assertThat(source.committedOffsets).containsExactly(142L);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A dead letter that cannot be written (its transaction aborts), under each failure policy.

    private static KafkaTransactionAbortedException deadLetterWriteFailed() {
        return new KafkaTransactionAbortedException("the dead letter could not be written", null);
    }

    @Test
    void underPolicyRetryADeadLetterTransactionThatAbortsIsTriedAgainAndCommitsOnce() throws Exception {
        handlers.failuresLeft.put("bad", ALWAYS);
        // The failed call's transaction never reaches commit: the first commit is the dead letter's.
        source.script(source.commitScript, deadLetterWriteFailed());
        source.addBatch(order(150, "bad"));
        ListenerConsumer consumer = start("order", false, FAST_RETRY.withMaxAttempts(1), true);

        awaitCommitted(150);
        stopAndJoin(consumer);

        assertThat(source.transactions).hasSize(3);
        assertThat(source.transactions.get(1)).satisfies(t -> {
            assertThat(t.aborted).isTrue();
            assertThat(t.deadLetters).hasSize(1);
        });
        assertThat(source.committedTransactions()).singleElement().satisfies(t -> {
            assertThat(t.offsets).containsExactly(150L);
            assertThat(t.deadLetters).singleElement().satisfies(deadLetter ->
                    assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1"));
        });
        assertThat(handlers.calls).containsExactly("bad");
        assertThat(containerStops).isEmpty();
    }

    @Test
    void underPolicySkipADeadLetterTransactionThatAbortsIsFollowedByOneCommittingTheOffsetAlone() throws Exception {
        policy = DeadLetterFailurePolicy.SKIP;
        handlers.failuresLeft.put("bad", ALWAYS);
        source.script(source.commitScript, deadLetterWriteFailed());
        source.addBatch(order(160, "bad"), order(161, "b"));
        ListenerConsumer consumer = start("order", false, FAST_RETRY.withMaxAttempts(1), true);

        awaitCommitted(161);
        stopAndJoin(consumer);

        assertThat(source.committedTransactions()).satisfiesExactly(t -> {
            assertThat(t.offsets).containsExactly(160L);
            assertThat(t.deadLetters).isEmpty();
            assertThat(t.outputs).isEmpty();
        }, t -> {
            assertThat(t.offsets).containsExactly(161L);
            assertThat(t.outputs).containsExactly("out-b");
        });
        assertThat(source.committedDeadLetters()).isEmpty();
        assertThat(containerStops).isEmpty();
    }

    @Test
    void underPolicyStopADeadLetterTransactionThatAbortsStopsTheContainerAndCommitsNothingFromThere()
            throws Exception {
        policy = DeadLetterFailurePolicy.STOP;
        handlers.failuresLeft.put("bad", ALWAYS);
        source.script(source.commitScript, FakeTransactionalSource.SUCCEEDS, deadLetterWriteFailed());
        source.addBatch(order(170, "a"), order(171, "bad"), order(172, "c"));
        ListenerConsumer consumer = start("order", false, FAST_RETRY.withMaxAttempts(1), true);

        awaitUntil("the container was asked to stop", () -> !containerStops.isEmpty());
        stopAndJoin(consumer);

        assertThat(containerStops).singleElement().satisfies(failure -> {
            assertThat(failure.offset()).isEqualTo(171);
            assertThat(failure.deadLetterTopic()).isEqualTo("orders.DLT");
        });
        assertThat(source.committedOffsets).containsExactly(170L);
        assertThat(source.committedOutputs()).containsExactly("out-a");
        assertThat(source.committedDeadLetters()).isEmpty();
        assertThat(handlers.calls).doesNotContain("c");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stopping.

    @Test
    void stopWhileRetryingAMessageLeavesItAndTheRestUncommitted() throws Exception {
        RetryBackOff slowRetry = new RetryBackOff(3, Duration.ofMinutes(10), 1.0, Duration.ofMinutes(10));
        handlers.failuresLeft.put("b", 1);
        source.addBatch(order(180, "a"), order(181, "b"), order(182, "c"));
        ListenerConsumer consumer = start("order", false, slowRetry, true);

        awaitCommitted(180);
        stopAndJoin(consumer);

        assertThat(source.committedOffsets).containsExactly(180L);
        assertThat(source.committedOutputs()).containsExactly("out-a");
        assertThat(handlers.calls).containsExactly("a", "b", "a");
    }

    /**
     * The transactional counterpart of ListenerConsumerTest#stopWhileHandlingFinishesAndCommitsTheMessageInHandButHandles
     * NoMore, per the ListenerConsumer Javadoc: stopping lets the message in hand finish and commits what was handled;
     * fetched messages not yet handled stay uncommitted.
     */
    @Test
    void stopWhileHandlingFinishesTheMessageInHandButHandlesNoMoreOfTheRun() throws Exception {
        handlers.blockOn = "a";
        source.addBatch(order(190, "a"), order(191, "b"), order(192, "c"));
        ListenerConsumer consumer = start("order", false);
        assertThat(handlers.entered.await(10, TimeUnit.SECONDS)).isTrue();

        consumer.requestStop();
        handlers.release.countDown();
        stopAndJoin(consumer);

        assertThat(handlers.calls).as("the messages after the one in hand are not handled").containsExactly("a");
        assertThat(source.committedOffsets).containsExactly(190L);
        assertThat(source.committedOutputs()).containsExactly("out-a");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The seam.

    @Test
    void aTransactionalEndpointNeedsATransactionalSource() {
        assertThatThrownBy(() -> newConsumer("order", false, FAST_RETRY, true, new InMemoryMessageSource()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a TransactionalMessageSource");
        assertThat(containerStops).isEmpty();
    }
}
