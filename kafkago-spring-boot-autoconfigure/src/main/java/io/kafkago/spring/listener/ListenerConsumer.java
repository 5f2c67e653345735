package io.kafkago.spring.listener;

import io.kafkago.Message;
import io.kafkago.spring.PayloadConversionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a listener container: fetches, hands messages to the method, retries, dead-letters,
 * commits. An offset is committed only once the handler returned or the message was dead-lettered. With
 * synchronous commits, the messages fetched together (up to {@code maxBatchSize}) are committed together
 * after the last of them was handled, so a crash or a rebalance redelivers at most that many handled
 * messages; with periodic commits ({@link MessageSource#defersCommits()}) each is recorded as soon as it
 * was handled. A transactional endpoint's member commits through {@link TransactionalHandling} instead.
 *
 * <p>Stopping stops fetching at once (the fetch is woken up), lets the message in hand finish, commits
 * what was handled, waits until the container's other members did the same, and closes the source,
 * which leaves the group. Fetched messages not yet handled stay uncommitted, and so does a message whose
 * retry wait the stop cut short: the group's next owner of the partition gets them.
 *
 * <p>A dead letter that cannot be written is dealt with as the endpoint's {@link DeadLetterFailurePolicy}
 * says. The handler call in progress is visible to other threads ({@link #slowHandler}), so that one running
 * too long can be reported; it is never interrupted for that.
 */
final class ListenerConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ListenerConsumer.class);

    private final ListenerEndpoint endpoint;
    private final ListenerSettings settings;
    private final MessageSource source;
    private final DeadLetterPublisher deadLetters;
    private final ListenerObserver observer;
    private final Phaser members;
    private final Consumer<DeadLetterFailure> stopContainer;
    /** How a transactional endpoint's messages are handled, or null for at-least-once handling. */
    private final TransactionalHandling transactional;
    private final Object lock = new Object();
    /** The handler call in progress, or null; read by the slow-handler watchdog and the health indicator. */
    private volatile HandlerRun handling;
    /** The dead letter this member keeps trying to write (failure policy retry), or null. */
    private volatile DeadLetterFailure deadLetterRetrying;
    private boolean running = true;
    /** Asked to pause (guarded by {@link #lock}). */
    private boolean paused;
    private Thread fetcher;

    /**
     * @param members the container's members; this one registers, and closes its source (leaving the group)
     *     only once every member finished its last commit, so that no member's leaving starts a rebalance
     *     that voids another member's final commit
     * @param stopContainer asks every member of the container to stop, after this one failed to write a dead
     *     letter under failure policy stop; must not wait for the members
     */
    ListenerConsumer(ListenerEndpoint endpoint, ListenerSettings settings, MessageSource source,
            DeadLetterPublisher deadLetters, ListenerObserver observer, Phaser members,
            Consumer<DeadLetterFailure> stopContainer) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.source = source;
        this.deadLetters = deadLetters;
        this.observer = observer;
        this.members = members;
        this.stopContainer = stopContainer;
        if (endpoint.transactional()) {
            if (!(source instanceof TransactionalMessageSource transactionalSource)) {
                throw new IllegalArgumentException("listener '" + endpoint.id() + "' is transactional but its source "
                        + source + " is not a TransactionalMessageSource");
            }
            this.transactional = new TransactionalHandling(this, endpoint, settings, transactionalSource, observer);
        } else {
            this.transactional = null;
        }
        members.register();
    }

    /** The handler call in progress if it has run for the slow-handler threshold by {@code nowNanos}, else null. */
    RunningHandler slowHandler(long nowNanos) {
        HandlerRun run = handling;
        return run != null && run.isSlow(nowNanos) ? run.snapshot(nowNanos) : null;
    }

    /** Reports the handler call in progress, once, when it has run at least the slow-handler threshold. */
    void reportSlowHandler(long nowNanos) {
        HandlerRun run = handling;
        if (run == null || !run.isSlow(nowNanos)) {
            return;
        }
        synchronized (run) {
            if (run.reported || run.finished) {
                return;
            }
            run.reported = true;
            RunningHandler slow = run.snapshot(nowNanos);
            log.warn("Listener '{}': the handler has been running for {} on {}-{} at offset {} ({} message(s)), longer "
                    + "than kafkago.listener.slow-handler-threshold ({}); it is not interrupted and the partition "
                    + "waits for it", endpoint.id(), slow.runningFor(), slow.topic(), slow.partition(), slow.offset(),
                    slow.messages(), settings.slowHandlerThreshold());
            observer.slowHandlerStarted(endpoint, slow);
        }
    }

    /** The dead letter this member keeps trying to write under failure policy retry, or null. */
    DeadLetterFailure deadLetterRetrying() {
        return deadLetterRetrying;
    }

    /** Asks the loop to stop after the message in hand; returns at once. */
    void requestStop() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
            if (fetcher != null) {
                source.wakeUp(fetcher);
            }
        }
    }

    /** Asks the loop to stop taking messages after the one in hand, staying in the group; returns at once. */
    void requestPause() {
        synchronized (lock) {
            paused = true;
            if (fetcher != null) {
                source.wakeUp(fetcher);
            }
        }
    }

    /** Lets a paused loop go on. */
    void requestResume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        List<Message> batch = new ArrayList<>(settings.maxBatchSize());
        int fetchFailures = 0;
        try {
            while (true) {
                Message first;
                synchronized (lock) {
                    if (!awaitUnpaused()) {
                        return;
                    }
                    fetcher = Thread.currentThread();
                }
                try {
                    first = source.fetch();
                    fetchFailures = 0;
                } catch (RuntimeException e) {
                    if (!isRunning()) {
                        return;
                    }
                    fetchFailures++;
                    log.warn("Listener '{}' could not fetch; trying again", endpoint.id(), e);
                    pause(retryDelay(fetchFailures));
                    continue;
                } finally {
                    synchronized (lock) {
                        fetcher = null;
                        if (!running || paused) {
                            // A wake-up that came after the fetch returned must not disturb the
                            // handler or the commit of the message in hand.
                            Thread.interrupted();
                        }
                    }
                }
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                if (settings.maxBatchSize() > 1) {
                    source.fetchAvailable(batch, settings.maxBatchSize() - 1);
                }
                if (transactional != null) {
                    transactional.handle(batch);
                } else if (endpoint.method().isBatch()) {
                    if (handleBatch(batch)) {
                        commit(batch);
                    }
                } else {
                    handleEach(batch);
                }
            }
        } finally {
            awaitOtherMembers();
            try {
                source.close();
            } catch (RuntimeException e) {
                log.warn("Listener '{}' could not close its reader cleanly", endpoint.id(), e);
            }
        }
    }

    /**
     * While paused, holds the source's fetching and waits (under {@link #lock}) for a resume or a stop.
     *
     * @return false when the loop must stop
     */
    private boolean awaitUnpaused() {
        if (running && paused) {
            source.pause();
            try {
                while (running && paused) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                if (running) {
                    source.resume();
                }
            }
        }
        return running;
    }

    private void awaitOtherMembers() {
        try {
            members.awaitAdvanceInterruptibly(members.arriveAndDeregister(), settings.shutdownTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("Listener '{}': other members still busy after {}; leaving the group anyway", endpoint.id(),
                    settings.shutdownTimeout());
        }
    }

    boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /**
     * Waits for the given time unless stopped first.
     *
     * @return true when the full time passed while running
     */
    boolean pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            long remaining;
            while (running && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    lock.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            return running;
        }
    }

    private void commit(List<Message> messages) {
        try {
            source.commit(messages);
            observer.committed(endpoint, messages.size());
        } catch (RuntimeException e) {
            // The group moved on (rebalance) or the coordinator is gone: the partition's next owner
            // starts from the last committed offset and sees these messages again (at-least-once).
            log.warn("Listener '{}' could not commit {} message(s); they will be delivered again",
                    endpoint.id(), messages.size(), e);
        }
    }

    /**
     * Handles the fetched messages one by one, in order, until done, stopped or abandoned, and commits those
     * finished with: together at the end, which saves a commit round trip per message, or each at once when
     * the source only records commits for a periodic flush.
     */
    private void handleEach(List<Message> messages) {
        boolean eachAtOnce = source.defersCommits();
        int finished = 0;
        for (Message message : messages) {
            if (finished > 0 && !isRunning()) {
                break; // stopping: the messages not yet handled stay uncommitted for the next owner
            }
            if (!handleOne(message)) {
                break;
            }
            finished++;
            if (eachAtOnce) {
                commit(messages.subList(finished - 1, finished));
            }
        }
        if (!eachAtOnce && finished > 0) {
            commit(finished == messages.size() ? messages : messages.subList(0, finished));
        }
    }

    /** @return whether the message is finished with (handled or dead-lettered) and may be committed */
    private boolean handleOne(Message message) {
        Object[] arguments;
        try {
            arguments = endpoint.method().argumentsFor(message);
        } catch (PayloadConversionException e) {
            return giveUp(List.of(message), e, 0);
        }
        return callWithRetries(List.of(message), () -> endpoint.method().invoke(arguments));
    }

    private boolean handleBatch(List<Message> messages) {
        List<Message> unconvertible = new ArrayList<>(0);
        List<PayloadConversionException> reasons = new ArrayList<>(0);
        List<Object> elements = endpoint.method().batchElements(messages, (message, error) -> {
            unconvertible.add(message);
            reasons.add(error);
        });
        for (int i = 0; i < unconvertible.size(); i++) {
            if (!giveUp(List.of(unconvertible.get(i)), reasons.get(i), 0)) {
                return false;
            }
        }
        if (elements.isEmpty()) {
            return true;
        }
        List<Message> converted = messages;
        if (!unconvertible.isEmpty()) {
            Set<Message> failed = Collections.newSetFromMap(new IdentityHashMap<>());
            failed.addAll(unconvertible);
            converted = messages.stream().filter(message -> !failed.contains(message)).toList();
        }
        Object[] arguments = {elements};
        return callWithRetries(converted, () -> endpoint.method().invoke(arguments));
    }

    /**
     * @param messages what the call handles (one message, or the converted messages of a batch), dead-lettered
     *     when every attempt failed
     */
    private boolean callWithRetries(List<Message> messages, ListenerObserver.HandlerCall call) {
        Message first = messages.get(0);
        int maxAttempts = endpoint.retry().maxAttempts();
        Throwable failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                handle(messages, call);
                return true;
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                failure = e;
                log.debug("Listener '{}' failed on attempt {}/{} at {}", endpoint.id(), attempt, maxAttempts, first, e);
                if (attempt < maxAttempts && !pause(endpoint.retry().delayBeforeRetry(attempt))) {
                    log.info("Listener '{}' stopped while retrying {}; it stays uncommitted", endpoint.id(), first);
                    return false;
                }
            }
        }
        return giveUp(messages, failure, maxAttempts);
    }

    /** One handler call, visible to {@link #slowHandler} and {@link #reportSlowHandler} while it runs. */
    void handle(List<Message> messages, ListenerObserver.HandlerCall call) throws Throwable {
        HandlerRun run = new HandlerRun(messages.get(0), messages.size(), System.nanoTime());
        handling = run;
        try {
            observer.observeHandling(endpoint, messages, call);
        } finally {
            handling = null;
            RunningHandler ended;
            synchronized (run) {
                run.finished = true;
                ended = run.reported ? run.snapshot(System.nanoTime()) : null;
            }
            if (ended != null) {
                log.info("Listener '{}': the slow handler call on {}-{} at offset {} returned after {}", endpoint.id(),
                        ended.topic(), ended.partition(), ended.offset(), ended.runningFor());
                observer.slowHandlerEnded(endpoint, ended);
            }
        }
    }

    /**
     * Sends messages the listener gave up on to the dead-letter topic.
     *
     * @return whether all may be committed: dead-lettered, skipped by the failure policy, or dead-lettering is off
     */
    private boolean giveUp(List<Message> messages, Throwable failure, int attempts) {
        for (Message message : messages) {
            if (!settings.deadLetterEnabled()) {
                skipped(message, attempts, failure);
            } else if (!deadLetter(message, failure, attempts)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes one dead letter; a write that fails (the dead-letter writer gives up within its delivery timeout)
     * is dealt with as the endpoint's failure policy says.
     *
     * @return whether the message may be committed: written, or skipped by policy
     */
    private boolean deadLetter(Message message, Throwable failure, int attempts) {
        String topic = deadLetterTopicOf(message);
        Instant firstFailure = null;
        try {
            for (int tries = 1; ; tries++) {
                try {
                    deadLetters.publish(message, topic, endpoint.id(), attempts, failure);
                    deadLettered(message, topic, attempts, failure);
                    return true;
                } catch (RuntimeException e) {
                    firstFailure = firstFailure == null ? Instant.now() : firstFailure;
                    DeadLetterFailurePolicy policy = deadLetterFailed(message, topic, tries, e, firstFailure);
                    if (policy != DeadLetterFailurePolicy.RETRY) {
                        return policy == DeadLetterFailurePolicy.SKIP;
                    }
                    if (!pause(retryDelay(tries))) {
                        return false;
                    }
                }
            }
        } finally {
            deadLetterRetrying = null;
        }
    }

    /** Where the dead letter of {@code message} goes. */
    String deadLetterTopicOf(Message message) {
        return endpoint.deadLetterTopicFor(message.topic(), settings.deadLetterTopicSuffix());
    }

    /** Reports a dead letter written. */
    void deadLettered(Message message, String topic, int attempts, Throwable failure) {
        observer.deadLettered(endpoint, message);
        log.warn("Listener '{}' sent {} to dead-letter topic '{}' after {} attempt(s): {}", endpoint.id(), message,
                topic, attempts, failure.toString());
    }

    /** Reports a message given up on while dead-lettering is off. */
    void skipped(Message message, int attempts, Throwable failure) {
        log.error("Listener '{}' gave up on {} after {} attempt(s); skipping it (dead-lettering is off)", endpoint.id(),
                message, attempts, failure);
    }

    /**
     * Reports a dead letter that could not be written and applies the endpoint's failure policy: stop asks the
     * container to stop; retry shows the dead letter in {@link #deadLetterRetrying()} until
     * {@link #clearDeadLetterRetrying()}. The caller skips, waits or gives up as the returned policy says.
     */
    DeadLetterFailurePolicy deadLetterFailed(Message message, String topic, int tries, Throwable error,
            Instant firstFailure) {
        DeadLetterFailurePolicy policy = endpoint.deadLetterFailurePolicy();
        observer.deadLetterFailed(endpoint, message, policy);
        DeadLetterFailure failed = new DeadLetterFailure(endpoint.id(), topic, message.topic(), message.partition(),
                message.offset(), tries, error.toString(), firstFailure);
        switch (policy) {
            case STOP -> {
                log.error("Listener '{}' could not write {} to dead-letter topic '{}'; stopping the container "
                        + "(dead-letter failure policy stop): the message and those after it stay uncommitted",
                        endpoint.id(), message, topic, error);
                stopContainer.accept(failed);
            }
            case SKIP -> log.error("Listener '{}' could not write {} to dead-letter topic '{}'; committing past it "
                    + "without a dead letter (dead-letter failure policy skip)", endpoint.id(), message, topic, error);
            case RETRY -> {
                // The stack trace once; then a line per attempt, which the back-off keeps rare.
                log.error("Listener '{}' could not write {} to dead-letter topic '{}' (attempt {}); the partition "
                        + "waits, trying again in {} (dead-letter failure policy retry){}", endpoint.id(), message,
                        topic, tries, retryDelay(tries), tries == 1 ? "" : ": " + error, tries == 1 ? error : null);
                deadLetterRetrying = failed;
            }
        }
        return policy;
    }

    /** Ends what {@link #deadLetterFailed} showed under failure policy retry. */
    void clearDeadLetterRetrying() {
        deadLetterRetrying = null;
    }

    /** The pause before trying again, the {@code tries}-th time, something other than a handler call. */
    Duration retryDelay(int tries) {
        return endpoint.retry().delayBeforeRetry(Math.min(tries, 32));
    }

    /** One handler call: what it handles, since when, and whether it was reported as slow (guarded by itself). */
    private final class HandlerRun {
        final Message first;
        final int messages;
        final long startNanos;
        boolean reported;
        boolean finished;

        HandlerRun(Message first, int messages, long startNanos) {
            this.first = first;
            this.messages = messages;
            this.startNanos = startNanos;
        }

        boolean isSlow(long nowNanos) {
            return nowNanos - startNanos >= settings.slowHandlerThreshold().toNanos();
        }

        RunningHandler snapshot(long nowNanos) {
            return new RunningHandler(endpoint.id(), first.topic(), first.partition(), first.offset(), messages,
                    Duration.ofNanos(nowNanos - startNanos));
        }
    }
}
