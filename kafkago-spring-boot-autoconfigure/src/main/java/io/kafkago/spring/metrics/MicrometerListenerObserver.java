package io.kafkago.spring.metrics;

import io.kafkago.Message;
import io.kafkago.spring.listener.DeadLetterFailurePolicy;
import io.kafkago.spring.listener.ListenerEndpoint;
import io.kafkago.spring.listener.ListenerObserver;
import io.kafkago.spring.listener.RunningHandler;
import io.kafkago.spring.observation.DefaultListenerObservationConvention;
import io.kafkago.spring.observation.KafkaGoObservation;
import io.kafkago.spring.observation.ListenerObservationContext;
import io.kafkago.spring.observation.ListenerObservationConvention;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listener meters — {@code kafkago.listener.handle} (timer, tags {@code listener}, {@code topic},
 * {@code outcome}), {@code kafkago.listener.dead.lettered}, {@code kafkago.listener.dead.letter.failures}
 * (tags {@code listener}, {@code topic}, {@code policy}), {@code kafkago.listener.committed},
 * {@code kafkago.listener.slow.handlers} (gauge: calls running past the slow-handler threshold now) and
 * {@code kafkago.listener.slow.handler.calls} (calls that ran past it) — and,
 * with an {@link ObservationRegistry}, a {@code kafkago.listener.process} observation per handler call whose context
 * carries the call's messages: a tracer continues the trace that wrote a single message from its propagation headers
 * (W3C {@code traceparent}, B3...), and links a batch call's span to each message's trace; see
 * {@link ListenerObservationConvention} and {@link io.kafkago.spring.observation.BatchListenerTracingObservationHandler}.
 *
 * <p>Meters are created once per listener and topic and cached: handling a message allocates nothing
 * here unless an observation is recorded.
 */
public final class MicrometerListenerObserver implements ListenerObserver {

    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final ListenerObservationConvention convention;
    private final Map<String, Map<String, TopicMeters>> byListener = new ConcurrentHashMap<>();
    private final Map<String, Counter> commits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> slowHandlers = new ConcurrentHashMap<>();

    /**
     * @param observations {@link ObservationRegistry#NOOP} to record meters only
     */
    public MicrometerListenerObserver(MeterRegistry meters, ObservationRegistry observations) {
        this(meters, observations, null);
    }

    /**
     * @param observations {@link ObservationRegistry#NOOP} to record meters only
     * @param convention replaces {@link DefaultListenerObservationConvention}, or {@code null} for the default (or
     *     the one the registry is configured with)
     */
    public MicrometerListenerObserver(MeterRegistry meters, ObservationRegistry observations,
            ListenerObservationConvention convention) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.observations = Objects.requireNonNull(observations, "observations");
        this.convention = convention;
    }

    @Override
    public void observeHandling(ListenerEndpoint endpoint, List<Message> messages, HandlerCall call)
            throws Throwable {
        TopicMeters topicMeters = topicMeters(endpoint.id(), messages.get(0).topic());
        long start = System.nanoTime();
        try {
            if (observations.isNoop()) {
                call.run();
            } else {
                observe(endpoint, messages, call);
            }
        } catch (Throwable e) {
            topicMeters.failure.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
        topicMeters.success.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /** One observation per call, current while the handler runs. */
    private void observe(ListenerEndpoint endpoint, List<Message> messages, HandlerCall call) throws Throwable {
        ListenerObservationContext context = endpoint.method().isBatch()
                ? ListenerObservationContext.forBatch(messages, endpoint.id(), endpoint.groupId())
                : ListenerObservationContext.forMessage(messages.get(0), endpoint.id(), endpoint.groupId());
        Observation observation = KafkaGoObservation.LISTENER_PROCESS.observation(convention,
                DefaultListenerObservationConvention.INSTANCE, () -> context, observations).start();
        try (Observation.Scope ignored = observation.openScope()) {
            call.run();
        } catch (Throwable e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    @Override
    public void deadLettered(ListenerEndpoint endpoint, Message message) {
        topicMeters(endpoint.id(), message.topic()).deadLettered.increment();
    }

    @Override
    public void committed(ListenerEndpoint endpoint, int messages) {
        Counter counter = commits.get(endpoint.id());
        if (counter == null) {
            counter = commits.computeIfAbsent(endpoint.id(), id -> Counter.builder("kafkago.listener.committed")
                    .description("Handled messages whose offsets were committed").baseUnit("messages")
                    .tag("listener", id).register(meters));
        }
        counter.increment(messages);
    }

    /** Rare (a failed dead-letter write), so the counter is looked up in the registry each time. */
    @Override
    public void deadLetterFailed(ListenerEndpoint endpoint, Message message, DeadLetterFailurePolicy policy) {
        Counter.builder("kafkago.listener.dead.letter.failures")
                .description("Dead letters that could not be written within the delivery timeout").baseUnit("messages")
                .tag("listener", endpoint.id()).tag("topic", topicTag(message.topic())).tag("policy", policy.toString())
                .register(meters).increment();
    }

    @Override
    public void slowHandlerStarted(ListenerEndpoint endpoint, RunningHandler handler) {
        Counter.builder("kafkago.listener.slow.handler.calls")
                .description("Handler calls that ran longer than kafkago.listener.slow-handler-threshold")
                .tag("listener", endpoint.id()).register(meters).increment();
        slowHandlers(endpoint.id()).incrementAndGet();
    }

    @Override
    public void slowHandlerEnded(ListenerEndpoint endpoint, RunningHandler handler) {
        slowHandlers(endpoint.id()).decrementAndGet();
    }

    private AtomicInteger slowHandlers(String listener) {
        return slowHandlers.computeIfAbsent(listener, id -> {
            AtomicInteger running = new AtomicInteger();
            Gauge.builder("kafkago.listener.slow.handlers", running, AtomicInteger::get)
                    .description("Handler calls running longer than kafkago.listener.slow-handler-threshold now")
                    .tag("listener", id).register(meters);
            return running;
        });
    }

    /** Plain lookups first: the creating lambdas capture state, and this runs once per handled message. */
    private TopicMeters topicMeters(String listener, String topic) {
        String topicTag = topicTag(topic);
        Map<String, TopicMeters> topics = byListener.get(listener);
        if (topics == null) {
            topics = byListener.computeIfAbsent(listener, id -> new ConcurrentHashMap<>());
        }
        TopicMeters found = topics.get(topicTag);
        return found != null ? found : topics.computeIfAbsent(topicTag, t -> new TopicMeters(meters, listener, t));
    }

    private static String topicTag(String topic) {
        return topic == null ? "unknown" : topic;
    }

    /** The meters of one listener and topic. */
    private static final class TopicMeters {
        final Timer success;
        final Timer failure;
        final Counter deadLettered;

        TopicMeters(MeterRegistry registry, String listener, String topic) {
            success = handleTimer(registry, listener, topic, "success");
            failure = handleTimer(registry, listener, topic, "error");
            deadLettered = Counter.builder("kafkago.listener.dead.lettered")
                    .description("Messages sent to a dead-letter topic").baseUnit("messages")
                    .tag("listener", listener).tag("topic", topic).register(registry);
        }

        private static Timer handleTimer(MeterRegistry registry, String listener, String topic, String outcome) {
            return Timer.builder("kafkago.listener.handle").description("Handler calls (each attempt) and their duration")
                    .tag("listener", listener).tag("topic", topic).tag("outcome", outcome).register(registry);
        }
    }
}
