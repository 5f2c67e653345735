package io.kafkago.spring.listener;

import io.kafkago.spring.KafkaGoListenerContainer;
import io.kafkago.spring.KafkaGoListenerRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the application's listener containers and ties them to the context's lifecycle: they start
 * once every bean is ready (late phase) and stop first on shutdown, all containers in parallel, before
 * the Writer and other beans are closed.
 *
 * <p>While running, one watchdog thread looks at the handler calls in progress every
 * {@code min(slow-handler-threshold, 1 s)} and reports each one that has run past the threshold, once.
 */
public final class DefaultKafkaGoListenerRegistry implements KafkaGoListenerRegistry, SmartLifecycle {

    /** Start late and stop early: after and before everything the handlers may use. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

    private static final Logger log = LoggerFactory.getLogger(DefaultKafkaGoListenerRegistry.class);

    private final ListenerSettings settings;
    private final MessageSourceFactory sources;
    private final Supplier<DeadLetterPublisher> deadLetters;
    private final DeadLetterTopics deadLetterTopics;
    private final ListenerObserver observer;
    private final Map<String, ListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile boolean running;
    private ScheduledExecutorService watchdog;

    /**
     * @param deadLetters asked once, when the first container is registered, so that an application
     *     without listeners opens no dead-letter writer
     * @param deadLetterTopics checks each container's dead-letter topics when it starts
     */
    public DefaultKafkaGoListenerRegistry(ListenerSettings settings, MessageSourceFactory sources,
            Supplier<DeadLetterPublisher> deadLetters, DeadLetterTopics deadLetterTopics, ListenerObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.deadLetterTopics = Objects.requireNonNull(deadLetterTopics, "deadLetterTopics");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Adds a container for the endpoint; it starts with the context (or at once, when the context is
     * already running) if the endpoint says so.
     *
     * @throws IllegalStateException when another listener has the same id
     */
    public void register(ListenerEndpoint endpoint) {
        ListenerContainer container = new ListenerContainer(endpoint, settings, sources, deadLetters.get(),
                deadLetterTopics, observer);
        ListenerContainer previous = containers.putIfAbsent(endpoint.id(), container);
        if (previous != null) {
            throw new IllegalStateException("Two @KafkaGoListener methods have the id '" + endpoint.id() + "' ("
                    + previous.endpoint().method().displayName() + " and " + endpoint.method().displayName()
                    + "); give them distinct ids");
        }
        if (running) {
            startWatchdog();
            if (endpoint.autoStartup()) {
                container.start();
            }
        }
    }

    @Override
    public Set<String> listenerIds() {
        synchronized (containers) {
            return Set.copyOf(containers.keySet());
        }
    }

    @Override
    public Collection<KafkaGoListenerContainer> containers() {
        return List.copyOf(snapshot());
    }

    @Override
    public KafkaGoListenerContainer container(String id) {
        ListenerContainer container = containers.get(id);
        if (container == null) {
            throw new IllegalArgumentException("No @KafkaGoListener with id '" + id + "'; known ids: " + listenerIds());
        }
        return container;
    }

    /** All registered containers, with what their members are doing (for health indicators). */
    public List<ListenerContainer> listenerContainers() {
        return List.copyOf(snapshot());
    }

    private List<ListenerContainer> snapshot() {
        synchronized (containers) {
            return new ArrayList<>(containers.values());
        }
    }

    /**
     * Starts the containers that start automatically; when one cannot start (a dead-letter topic is missing,
     * say), those already started are stopped again and the failure fails the context's start.
     */
    @Override
    public void start() {
        List<ListenerContainer> started = new ArrayList<>();
        try {
            for (ListenerContainer container : snapshot()) {
                if (container.endpoint().autoStartup()) {
                    container.start();
                    started.add(container);
                }
            }
        } catch (RuntimeException e) {
            started.forEach(ListenerContainer::stop);
            throw e;
        }
        running = true;
        if (!containers.isEmpty()) {
            startWatchdog();
        }
    }

    private synchronized void startWatchdog() {
        if (watchdog != null) {
            return;
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kafkago-listener-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.min(settings.slowHandlerThreshold().toNanos(), TimeUnit.SECONDS.toNanos(1));
        watchdog.scheduleAtFixedRate(this::reportSlowHandlers, period, period, TimeUnit.NANOSECONDS);
    }

    private void reportSlowHandlers() {
        try {
            snapshot().forEach(ListenerContainer::reportSlowHandlers);
        } catch (RuntimeException e) {
            // A failure must not end the schedule: later slow handlers would go unreported.
            log.warn("Could not check listeners for slow handler calls", e);
        }
    }

    private synchronized void stopWatchdog() {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    /** Stops all containers in parallel; each waits at most {@code kafkago.listener.shutdown-timeout}. */
    @Override
    public void stop(Runnable callback) {
        running = false;
        stopWatchdog();
        List<ListenerContainer> active = snapshot().stream().filter(ListenerContainer::isRunning).toList();
        if (active.isEmpty()) {
            callback.run();
            return;
        }
        AtomicInteger remaining = new AtomicInteger(active.size());
        for (ListenerContainer container : active) {
            Thread stopper = new Thread(() -> {
                try {
                    container.stop();
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        callback.run();
                    }
                }
            }, "kafkago-listener-stop-" + container.id());
            stopper.start();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
