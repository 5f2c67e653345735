package io.kafkago.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Header;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.spring.DeadLetterHeaders;
import io.kafkago.spring.json.Jackson3PayloadConverter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ListenerConsumerTest {

    private static final RetryBackOff FAST_RETRY = new RetryBackOff(3, Duration.ZERO, 1.0, Duration.ZERO);
    private static final Duration SLOW_HANDLER_THRESHOLD = Duration.ofSeconds(30);
    private static final java.util.function.Consumer<Message> UNWRITABLE_DEAD_LETTERS = message -> {
        throw new KafkaTimeoutException("dead letter not acknowledged within the delivery timeout");
    };

    private final InMemoryMessageSource source = new InMemoryMessageSource();
    private final BlockingQueue<Message> deadLetters = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<ListenerConsumer> consumers = new CopyOnWriteArrayList<>();
    /** The dead letters that stopped "the container" (all consumers started here). */
    private final List<DeadLetterFailure> containerStops = new CopyOnWriteArrayList<>();
    private final RecordingObserver observer = new RecordingObserver();
    private DeadLetterFailurePolicy policy = DeadLetterFailurePolicy.RETRY;

    record Order(String id, int cents) {
    }

    /** Handlers under test; each records what it was given. */
    static final class Handlers {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        void order(Order order) {
            calls.incrementAndGet();
            if (order.cents() < 0) {
                throw new IllegalArgumentException("negative amount in order " + order.id());
            }
            received.add(order);
        }

        void orders(List<Order> orders) {
            calls.incrementAndGet();
            if (orders.stream().anyMatch(order -> order.cents() < 0)) {
                throw new IllegalArgumentException("a negative amount in the batch");
            }
            received.add(orders);
        }

        void slow(String value) throws InterruptedException {
            entered.countDown();
            release.await();
            received.add(value);
        }
    }

    private final Handlers handlers = new Handlers();

    @AfterEach
    void stopThreads() throws InterruptedException {
        consumers.forEach(ListenerConsumer::requestStop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }

    private ListenerConsumer start(String methodName, boolean batch, RetryBackOff retry, boolean deadLetterEnabled,
            java.util.function.Consumer<Message> deadLetterSender) throws NoSuchMethodException {
        return start(methodName, batch, retry, deadLetterEnabled, deadLetterSender, source, new Phaser());
    }

    private ListenerConsumer start(String methodName, boolean batch, RetryBackOff retry, boolean deadLetterEnabled,
            java.util.function.Consumer<Message> deadLetterSender, MessageSource memberSource, Phaser members)
            throws NoSuchMethodException {
        Class<?> parameter = batch ? List.class : methodName.equals("slow") ? String.class : Order.class;
        Method method = Handlers.class.getDeclaredMethod(methodName, parameter);
        ListenerMethod listenerMethod = ListenerMethod.of(handlers, method, batch,
                new Jackson3PayloadConverter(JsonMapper.builder().build()));
        ListenerEndpoint endpoint = new ListenerEndpoint("orders-listener", List.of("orders"), "billing", 1, true,
                StartOffset.FIRST, null, null, policy, retry, false, listenerMethod);
        ListenerSettings settings = new ListenerSettings(1, true, retry, deadLetterEnabled, ".DLT",
                DeadLetterFailurePolicy.RETRY, Duration.ofSeconds(10), 100, SLOW_HANDLER_THRESHOLD, false);
        ListenerConsumer consumer = new ListenerConsumer(endpoint, settings, memberSource,
                new DeadLetterPublisher(deadLetterSender::accept), observer, members, failure -> {
                    containerStops.add(failure);
                    consumers.forEach(ListenerConsumer::requestStop);
                });
        Thread thread = new Thread(consumer, "test-consumer");
        threads.add(thread);
        consumers.add(consumer);
        thread.start();
        return consumer;
    }

    private ListenerConsumer start(String methodName, boolean batch) throws NoSuchMethodException {
        return start(methodName, batch, FAST_RETRY, true, deadLetters::add);
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

    private void awaitCommitted(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (source.committed.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(source.committed).hasSizeGreaterThanOrEqualTo(count);
    }

    @Test
    void handledMessagesAreConvertedAndCommittedInOrder() throws Exception {
        start("order", false);
        source.add(record(10, "{\"id\":\"a\",\"cents\":100}"), record(11, "{\"id\":\"b\",\"cents\":250}"));

        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("a", 100));
        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("b", 250));
        awaitCommitted(2);
        assertThat(source.committed).extracting(Message::offset).containsExactly(10L, 11L);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void messagesFetchedTogetherAreCommittedTogetherAfterTheLastIsHandled() throws Exception {
        source.add(record(1, "{\"id\":\"a\",\"cents\":1}"), record(2, "{\"id\":\"b\",\"cents\":2}"),
                record(3, "{\"id\":\"c\",\"cents\":3}"));
        start("order", false);

        awaitCommitted(3);
        assertThat(source.commitCalls).containsExactly(3);
        assertThat(handlers.received).hasSize(3);
    }

    @Test
    void withDeferredCommitsEachMessageIsCommittedAsSoonAsItIsHandled() throws Exception {
        source.defersCommits = true;
        source.add(record(1, "{\"id\":\"a\",\"cents\":1}"), record(2, "{\"id\":\"b\",\"cents\":2}"),
                record(3, "{\"id\":\"c\",\"cents\":3}"));
        start("order", false);

        awaitCommitted(3);
        assertThat(source.commitCalls).containsExactly(1, 1, 1);
        assertThat(source.committed).extracting(Message::offset).containsExactly(1L, 2L, 3L);
    }

    @Test
    void failingMessageIsRetriedThenDeadLetteredWithErrorHeadersAndLaterMessagesAreHandled() throws Exception {
        start("order", false);
        source.add(record(20, "{\"id\":\"bad\",\"cents\":-1}"), record(21, "{\"id\":\"good\",\"cents\":1}"));

        Message deadLetter = deadLetters.poll(10, TimeUnit.SECONDS);
        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("good", 1));
        assertThat(deadLetter).isNotNull();
        assertThat(deadLetter.topic()).isEqualTo("orders.DLT");
        assertThat(deadLetter.valueAsString()).isEqualTo("{\"id\":\"bad\",\"cents\":-1}");
        assertThat(deadLetter.keyAsString()).isEqualTo("k");
        assertThat(header(deadLetter, "trace")).isEqualTo("t-20");
        assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("negative amount in order bad");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("orders");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("2");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("20");
        assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(header(deadLetter, DeadLetterHeaders.LISTENER_ID)).isEqualTo("orders-listener");
        awaitCommitted(2);
        assertThat(handlers.calls).hasValue(3 + 1);
        assertThat(source.committed).extracting(Message::offset).containsExactly(20L, 21L);
    }

    @Test
    void unconvertibleMessageGoesToDeadLetterTopicWithoutCallingTheHandler() throws Exception {
        start("order", false);
        source.add(record(30, "not json"), record(31, "{\"id\":\"c\",\"cents\":3}"));

        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("c", 3));
        Message deadLetter = deadLetters.poll(10, TimeUnit.SECONDS);
        assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                .isEqualTo("io.kafkago.spring.PayloadConversionException");
        assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
        assertThat(handlers.calls).hasValue(1);
        awaitCommitted(2);
    }

    @Test
    void deadLetterWriteIsRetriedUntilItSucceedsBeforeTheOffsetIsCommitted() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        List<Message> written = new CopyOnWriteArrayList<>();
        start("order", false, FAST_RETRY, true, message -> {
            if (sends.incrementAndGet() <= 2) {
                throw new IllegalStateException("broker unavailable");
            }
            written.add(message);
        });
        source.add(record(40, "{\"id\":\"x\",\"cents\":-5}"));

        awaitCommitted(1);
        assertThat(sends).hasValue(3);
        assertThat(written).hasSize(1);
    }

    @Test
    void withDeadLetteringOffAFailedMessageIsSkippedAndCommitted() throws Exception {
        start("order", false, FAST_RETRY, false, deadLetters::add);
        source.add(record(50, "{\"id\":\"x\",\"cents\":-5}"), record(51, "{\"id\":\"y\",\"cents\":5}"));

        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("y", 5));
        awaitCommitted(2);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void batchHandlerGetsTheAvailableMessagesAsOneListAndBadOnesAreDeadLettered() throws Exception {
        source.add(record(60, "{\"id\":\"a\",\"cents\":1}"), record(61, "oops"), record(62, "{\"id\":\"b\",\"cents\":2}"));
        start("orders", true);

        assertThat(handlers.received.poll(10, TimeUnit.SECONDS))
                .isEqualTo(List.of(new Order("a", 1), new Order("b", 2)));
        assertThat(deadLetters.poll(10, TimeUnit.SECONDS).valueAsString()).isEqualTo("oops");
        awaitCommitted(3);
        assertThat(source.committed).extracting(Message::offset).containsExactly(60L, 61L, 62L);
    }

    @Test
    void aBatchWhoseHandlerKeepsFailingIsDeadLetteredMessageByMessage() throws Exception {
        source.add(record(90, "{\"id\":\"a\",\"cents\":1}"), record(91, "{\"id\":\"b\",\"cents\":-2}"));
        start("orders", true);

        awaitCommitted(2);
        assertThat(handlers.calls).hasValue(3);
        assertThat(deadLetters).extracting(message -> header(message, DeadLetterHeaders.ORIGINAL_OFFSET))
                .containsExactly("90", "91");
        assertThat(deadLetters).extracting(message -> header(message, DeadLetterHeaders.EXCEPTION_MESSAGE))
                .containsOnly("a negative amount in the batch");
        assertThat(handlers.received).isEmpty();
    }

    @Test
    void aPausedMemberHoldsItsSourceHandlesNothingAndGoesOnWhenResumed() throws Exception {
        ListenerConsumer consumer = start("order", false);
        source.add(record(1, "{\"id\":\"a\",\"cents\":1}"));
        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("a", 1));

        consumer.requestPause(); // wakes the fetch in progress
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (source.pauses.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(source.pauses).containsExactly("pause");
        source.add(record(2, "{\"id\":\"b\",\"cents\":2}"));
        assertThat(handlers.received.poll(300, TimeUnit.MILLISECONDS)).as("nothing handled while paused").isNull();
        assertThat(source.pending).hasSize(1);

        consumer.requestResume();
        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("b", 2));
        assertThat(source.pauses).containsExactly("pause", "resume");
        awaitCommitted(2);
    }

    @Test
    void aStopWhilePausedEndsTheMemberWithoutResumingItsSource() throws Exception {
        ListenerConsumer consumer = start("order", false);
        consumer.requestPause();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (source.pauses.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        consumer.requestStop();
        assertThat(source.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(source.pauses).containsExactly("pause");
    }

    @Test
    void stopWhileFetchingReturnsAndClosesTheSource() throws Exception {
        ListenerConsumer consumer = start("order", false);
        consumer.requestStop();
        assertThat(source.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(source.committed).isEmpty();
    }

    @Test
    void stopWhileHandlingFinishesAndCommitsTheMessageInHandButHandlesNoMore() throws Exception {
        ListenerConsumer consumer = start("slow", false);
        source.add(Message.of("first").withTopic("orders").withOffset(70), Message.of("second").withTopic("orders")
                .withOffset(71));
        assertThat(handlers.entered.await(10, TimeUnit.SECONDS)).isTrue();

        consumer.requestStop();
        handlers.release.countDown();

        assertThat(source.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handlers.received).containsExactly("first");
        // The second message may have been fetched with the first, but it is neither handled nor committed.
        assertThat(source.committed).extracting(Message::offset).containsExactly(70L);
    }

    @Test
    void noMemberLeavesTheGroupBeforeEveryMemberMadeItsLastCommit() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        InMemoryMessageSource busy = new RecordingSource("busy", events);
        InMemoryMessageSource idle = new RecordingSource("idle", events);
        Phaser members = new Phaser(1);
        ListenerConsumer busyMember = start("slow", false, FAST_RETRY, true, deadLetters::add, busy, members);
        ListenerConsumer idleMember = start("slow", false, FAST_RETRY, true, deadLetters::add, idle, members);
        members.arriveAndDeregister();
        busy.add(Message.of("in hand").withTopic("orders").withOffset(5));
        assertThat(handlers.entered.await(10, TimeUnit.SECONDS)).isTrue();

        busyMember.requestStop();
        idleMember.requestStop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (members.getRegisteredParties() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(members.getRegisteredParties()).as("only the busy member is still in its loop").isEqualTo(1);
        assertThat(idle.closed.getCount()).as("the idle member waits for the busy one").isEqualTo(1);
        handlers.release.countDown();

        assertThat(busy.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(idle.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events.indexOf("busy commit")).isNotNegative().isLessThan(events.indexOf("idle close"))
                .isLessThan(events.indexOf("busy close"));
    }

    /** Records commits and closes, in order, into a shared list. */
    private static final class RecordingSource extends InMemoryMessageSource {
        private final String name;
        private final List<String> events;

        RecordingSource(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        @Override
        public void commit(List<Message> messages) {
            events.add(name + " commit");
            super.commit(messages);
        }

        @Override
        public void close() {
            events.add(name + " close");
            super.close();
        }
    }

    @Test
    void stopDuringRetryWaitLeavesTheMessageUncommitted() throws Exception {
        RetryBackOff slowRetry = new RetryBackOff(5, Duration.ofMinutes(10), 1.0, Duration.ofMinutes(10));
        ListenerConsumer consumer = start("order", false, slowRetry, true, deadLetters::add);
        source.add(record(80, "{\"id\":\"x\",\"cents\":-5}"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handlers.calls.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        consumer.requestStop();

        assertThat(source.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handlers.calls).hasValue(1);
        assertThat(source.committed).isEmpty();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void underPolicyStopAFailedDeadLetterStopsTheContainerAndNothingFromTheFailedMessageOnIsCommitted()
            throws Exception {
        policy = DeadLetterFailurePolicy.STOP;
        source.add(record(100, "{\"id\":\"a\",\"cents\":1}"), record(101, "{\"id\":\"bad\",\"cents\":-1}"),
                record(102, "{\"id\":\"c\",\"cents\":3}"));
        start("order", false, FAST_RETRY, true, UNWRITABLE_DEAD_LETTERS);

        assertThat(source.closed.await(10, TimeUnit.SECONDS)).as("the member stopped").isTrue();
        assertThat(source.committed).extracting(Message::offset).containsExactly(100L);
        assertThat(handlers.received).containsExactly(new Order("a", 1));
        assertThat(containerStops).singleElement().satisfies(failure -> {
            assertThat(failure.listenerId()).isEqualTo("orders-listener");
            assertThat(failure.deadLetterTopic()).isEqualTo("orders.DLT");
            assertThat(failure.topic()).isEqualTo("orders");
            assertThat(failure.partition()).isEqualTo(2);
            assertThat(failure.offset()).isEqualTo(101);
            assertThat(failure.attempts()).isEqualTo(1);
            assertThat(failure.error()).contains("not acknowledged within the delivery timeout");
        });
        assertThat(observer.events).containsExactly("dead-letter failed 101 stop");
    }

    @Test
    void underPolicySkipAFailedDeadLetterIsCountedAndCommittedPast() throws Exception {
        policy = DeadLetterFailurePolicy.SKIP;
        start("order", false, FAST_RETRY, true, UNWRITABLE_DEAD_LETTERS);
        source.add(record(110, "{\"id\":\"bad\",\"cents\":-1}"), record(111, "{\"id\":\"b\",\"cents\":2}"));

        assertThat(handlers.received.poll(10, TimeUnit.SECONDS)).isEqualTo(new Order("b", 2));
        awaitCommitted(2);
        assertThat(source.committed).extracting(Message::offset).containsExactly(110L, 111L);
        assertThat(observer.events).containsExactly("dead-letter failed 110 skip");
        assertThat(containerStops).isEmpty();
    }

    @Test
    void underPolicyRetryTheDeadLetterBeingRetriedIsVisibleUntilItIsWritten() throws Exception {
        CountDownLatch brokerBack = new CountDownLatch(1);
        RetryBackOff retry = new RetryBackOff(1, Duration.ofMillis(10), 1.0, Duration.ofMillis(10));
        List<Message> written = new CopyOnWriteArrayList<>();
        ListenerConsumer consumer = start("order", false, retry, true, message -> {
            if (brokerBack.getCount() > 0) {
                throw new IllegalStateException("topic orders.DLT is not writable");
            }
            written.add(message);
        });
        source.add(record(120, "{\"id\":\"bad\",\"cents\":-1}"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.deadLetterRetrying() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        DeadLetterFailure retrying = consumer.deadLetterRetrying();
        assertThat(retrying).isNotNull();
        assertThat(retrying.offset()).isEqualTo(120);
        assertThat(retrying.error()).contains("not writable");
        assertThat(source.committed).isEmpty();

        brokerBack.countDown();
        awaitCommitted(1);
        assertThat(written).singleElement().extracting(Message::topic).isEqualTo("orders.DLT");
        assertThat(consumer.deadLetterRetrying()).isNull();
        assertThat(observer.events).isNotEmpty().containsOnly("dead-letter failed 120 retry");
        assertThat(containerStops).isEmpty();
    }

    @Test
    void aHandlerCallPastTheThresholdIsReportedOnceAndNotInterrupted() throws Exception {
        ListenerConsumer consumer = start("slow", false);
        source.add(Message.of("long job").withTopic("orders").withPartition(1).withOffset(130));
        assertThat(handlers.entered.await(10, TimeUnit.SECONDS)).isTrue();
        long thresholdLater = System.nanoTime() + SLOW_HANDLER_THRESHOLD.toNanos();

        assertThat(consumer.slowHandler(thresholdLater)).satisfies(slow -> {
            assertThat(slow.listenerId()).isEqualTo("orders-listener");
            assertThat(slow.topic()).isEqualTo("orders");
            assertThat(slow.partition()).isEqualTo(1);
            assertThat(slow.offset()).isEqualTo(130);
            assertThat(slow.messages()).isEqualTo(1);
            assertThat(slow.runningFor()).isGreaterThanOrEqualTo(SLOW_HANDLER_THRESHOLD);
        });
        consumer.reportSlowHandler(System.nanoTime());
        assertThat(observer.events).as("not slow yet").isEmpty();
        consumer.reportSlowHandler(thresholdLater);
        consumer.reportSlowHandler(thresholdLater);
        assertThat(observer.events).containsExactly("slow 130");

        handlers.release.countDown();
        awaitCommitted(1);
        assertThat(handlers.received).containsExactly("long job");
        assertThat(consumer.slowHandler(thresholdLater)).isNull();
        assertThat(observer.events).containsExactly("slow 130", "slow ended 130");
    }

    /** Records the dead-letter and slow-handler events, in order. */
    private static final class RecordingObserver implements ListenerObserver {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void deadLetterFailed(ListenerEndpoint endpoint, Message message, DeadLetterFailurePolicy policy) {
            events.add("dead-letter failed " + message.offset() + " " + policy);
        }

        @Override
        public void slowHandlerStarted(ListenerEndpoint endpoint, RunningHandler handler) {
            events.add("slow " + handler.offset());
        }

        @Override
        public void slowHandlerEnded(ListenerEndpoint endpoint, RunningHandler handler) {
            events.add("slow ended " + handler.offset());
        }
    }
}
