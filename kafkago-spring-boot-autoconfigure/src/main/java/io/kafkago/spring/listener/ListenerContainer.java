package io.kafkago.spring.listener;

import io.kafkago.spring.KafkaGoListenerContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ListenerEndpoint} as {@code concurrency} consumer threads, one group member each.
 *
 * <p>Starting first makes sure the dead-letter topics exist ({@link DeadLetterTopics}). A member that cannot
 * write a dead letter under failure policy stop stops the whole container: {@link #failure()} says why until
 * the next start. What the members are doing — {@link #slowHandlers()}, {@link #deadLettersRetrying()} — can
 * be read from any thread without waiting for a start or stop in progress.
 */
public final class ListenerContainer implements KafkaGoListenerContainer {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    private final ListenerEndpoint endpoint;
    private final ListenerSettings settings;
    private final MessageSourceFactory sources;
    private final DeadLetterPublisher deadLetters;
    private final DeadLetterTopics deadLetterTopics;
    private final ListenerObserver observer;
    private final AtomicReference<DeadLetterFailure> failure = new AtomicReference<>();
    // Replaced, never changed, by start() and stop(), so that readers need no lock.
    private volatile List<Thread> threads = List.of();
    private volatile List<ListenerConsumer> consumers = List.of();
    private volatile boolean paused;

    /** A stopped container for {@code endpoint}; {@link #start()} opens one source per member. */
    public ListenerContainer(ListenerEndpoint endpoint, ListenerSettings settings, MessageSourceFactory sources,
            DeadLetterPublisher deadLetters, DeadLetterTopics deadLetterTopics, ListenerObserver observer) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.deadLetterTopics = Objects.requireNonNull(deadLetterTopics, "deadLetterTopics");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The endpoint this container runs. */
    public ListenerEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String id() {
        return endpoint.id();
    }

    @Override
    public List<String> topics() {
        return endpoint.topics();
    }

    @Override
    public String groupId() {
        return endpoint.groupId();
    }

    @Override
    public int concurrency() {
        return endpoint.concurrency();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when a dead-letter topic is missing and may not be created
     */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (settings.deadLetterEnabled()) {
            deadLetterTopics.ensureExist(endpoint.id(), endpoint.deadLetterTopics(settings.deadLetterTopicSuffix()));
        }
        failure.set(null);
        List<Thread> newThreads = new ArrayList<>();
        List<ListenerConsumer> newConsumers = new ArrayList<>();
        // Registered for the duration of the set-up, so members that end early cannot advance it alone.
        Phaser members = new Phaser(1);
        try {
            for (int member = 0; member < endpoint.concurrency(); member++) {
                MessageSource source = sources.open(endpoint, member);
                ListenerConsumer consumer = new ListenerConsumer(endpoint, settings, source, deadLetters, observer,
                        members, this::stopAfter);
                if (paused) {
                    consumer.requestPause();
                }
                newConsumers.add(consumer);
                newThreads.add(new Thread(consumer, "kafkago-listener-" + endpoint.id() + "-" + member));
            }
        } catch (RuntimeException e) {
            // Members opened so far were never started: their threads close their sources when run.
            newConsumers.forEach(ListenerConsumer::requestStop);
            newThreads.forEach(Thread::start);
            members.arriveAndDeregister();
            throw e;
        }
        consumers = List.copyOf(newConsumers);
        threads = List.copyOf(newThreads);
        newThreads.forEach(Thread::start);
        members.arriveAndDeregister();
        log.info("Listener '{}' started: {} member(s) of group '{}' on {}", endpoint.id(), endpoint.concurrency(),
                endpoint.groupId(), endpoint.topics());
    }

    /** Called on a member's thread: asks every member to stop, without waiting for them (the caller is one). */
    private void stopAfter(DeadLetterFailure cause) {
        if (failure.compareAndSet(null, cause)) {
            log.error("Listener '{}' stops: the dead letter of {}-{} at offset {} could not be written to '{}' ({}). "
                    + "Its partitions go to other members of group '{}'; start it again with "
                    + "KafkaGoListenerRegistry.start(\"{}\") once the topic can be written", endpoint.id(),
                    cause.topic(), cause.partition(), cause.offset(), cause.deadLetterTopic(), cause.error(),
                    endpoint.groupId(), endpoint.id());
        }
        consumers.forEach(ListenerConsumer::requestStop);
    }

    @Override
    public synchronized void stop() {
        List<Thread> running = threads;
        if (running.isEmpty()) {
            return;
        }
        consumers.forEach(ListenerConsumer::requestStop);
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        for (Thread thread : running) {
            awaitUntil(thread, deadline);
        }
        List<String> stuck = running.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        if (!stuck.isEmpty()) {
            log.warn("Listener '{}' did not stop within {}; interrupting {}", endpoint.id(),
                    settings.shutdownTimeout(), stuck);
            running.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        } else {
            log.info("Listener '{}' stopped", endpoint.id());
        }
        threads = List.of();
        consumers = List.of();
    }

    private static void awaitUntil(Thread thread, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void pause() {
        paused = true;
        consumers.forEach(ListenerConsumer::requestPause);
        log.info("Listener '{}' paused", endpoint.id());
    }

    @Override
    public synchronized void resume() {
        paused = false;
        consumers.forEach(ListenerConsumer::requestResume);
        log.info("Listener '{}' resumed", endpoint.id());
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public boolean isRunning() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /**
     * The dead letter whose failed write stopped the container (failure policy stop), or null when it was not
     * stopped for that since it last started.
     */
    public DeadLetterFailure failure() {
        return failure.get();
    }

    /** Dead letters the members keep trying to write (failure policy retry); at most one per member. */
    public List<DeadLetterFailure> deadLettersRetrying() {
        List<DeadLetterFailure> retrying = new ArrayList<>(0);
        for (ListenerConsumer consumer : consumers) {
            DeadLetterFailure pending = consumer.deadLetterRetrying();
            if (pending != null) {
                retrying.add(pending);
            }
        }
        return retrying;
    }

    /** Handler calls in progress that have run at least {@code kafkago.listener.slow-handler-threshold}. */
    public List<RunningHandler> slowHandlers() {
        long now = System.nanoTime();
        List<RunningHandler> slow = new ArrayList<>(0);
        for (ListenerConsumer consumer : consumers) {
            RunningHandler handler = consumer.slowHandler(now);
            if (handler != null) {
                slow.add(handler);
            }
        }
        return slow;
    }

    /** Logs and meters, once per call, each handler call that has become slow since the last check. */
    void reportSlowHandlers() {
        long now = System.nanoTime();
        consumers.forEach(consumer -> consumer.reportSlowHandler(now));
    }

    @Override
    public String toString() {
        return "ListenerContainer[id=" + endpoint.id() + ", topics=" + endpoint.topics() + ", group="
                + endpoint.groupId() + ", concurrency=" + endpoint.concurrency() + "]";
    }
}
