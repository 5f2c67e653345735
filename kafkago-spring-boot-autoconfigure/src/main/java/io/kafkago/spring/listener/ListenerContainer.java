package io.kafkago.spring.listener;

import io.kafkago.spring.KafkaGoListenerContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@link ListenerEndpoint} as {@code concurrency} consumer threads, one group member each. */
public final class ListenerContainer implements KafkaGoListenerContainer {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    private final ListenerEndpoint endpoint;
    private final ListenerSettings settings;
    private final MessageSourceFactory sources;
    private final DeadLetterPublisher deadLetters;
    private final ListenerObserver observer;
    private final List<Thread> threads = new ArrayList<>();
    private final List<ListenerConsumer> consumers = new ArrayList<>();

    /** A stopped container for {@code endpoint}; {@link #start()} opens one source per member. */
    public ListenerContainer(ListenerEndpoint endpoint, ListenerSettings settings, MessageSourceFactory sources,
            DeadLetterPublisher deadLetters, ListenerObserver observer) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
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

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        threads.clear();
        consumers.clear();
        // Registered for the duration of the set-up, so members that end early cannot advance it alone.
        Phaser members = new Phaser(1);
        try {
            for (int member = 0; member < endpoint.concurrency(); member++) {
                MessageSource source = sources.open(endpoint, member);
                ListenerConsumer consumer = new ListenerConsumer(endpoint, settings, source, deadLetters, observer,
                        members);
                Thread thread = new Thread(consumer, "kafkago-listener-" + endpoint.id() + "-" + member);
                consumers.add(consumer);
                threads.add(thread);
            }
        } catch (RuntimeException e) {
            // Members opened so far were never started: their threads close their sources when run.
            consumers.forEach(ListenerConsumer::requestStop);
            threads.forEach(Thread::start);
            members.arriveAndDeregister();
            throw e;
        }
        threads.forEach(Thread::start);
        members.arriveAndDeregister();
        log.info("Listener '{}' started: {} member(s) of group '{}' on {}", endpoint.id(), endpoint.concurrency(),
                endpoint.groupId(), endpoint.topics());
    }

    @Override
    public synchronized void stop() {
        if (threads.isEmpty()) {
            return;
        }
        consumers.forEach(ListenerConsumer::requestStop);
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        for (Thread thread : threads) {
            awaitUntil(thread, deadline);
        }
        List<String> stuck = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        if (!stuck.isEmpty()) {
            log.warn("Listener '{}' did not stop within {}; interrupting {}", endpoint.id(),
                    settings.shutdownTimeout(), stuck);
            threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        } else {
            log.info("Listener '{}' stopped", endpoint.id());
        }
        threads.clear();
        consumers.clear();
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
    public synchronized boolean isRunning() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    @Override
    public String toString() {
        return "ListenerContainer[id=" + endpoint.id() + ", topics=" + endpoint.topics() + ", group="
                + endpoint.groupId() + ", concurrency=" + endpoint.concurrency() + "]";
    }
}
