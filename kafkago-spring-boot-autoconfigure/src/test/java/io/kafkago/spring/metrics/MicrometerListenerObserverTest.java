package io.kafkago.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.spring.listener.DeadLetterFailurePolicy;
import io.kafkago.spring.listener.ListenerEndpoint;
import io.kafkago.spring.listener.ListenerMethod;
import io.kafkago.spring.listener.RetryBackOff;
import io.kafkago.spring.listener.RunningHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MicrometerListenerObserverTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final List<String> propagated = new ArrayList<>();
    private final List<Observation.Context> stopped = new ArrayList<>();

    @SuppressWarnings("unused")
    void handle(String value) {
    }

    private ListenerEndpoint endpoint() throws NoSuchMethodException {
        ListenerMethod method = ListenerMethod.of(this, getClass().getDeclaredMethod("handle", String.class), false,
                null);
        return new ListenerEndpoint("billing", List.of("orders"), "billing-group", 1, true, null, null,
                DeadLetterFailurePolicy.SKIP, new RetryBackOff(1, Duration.ZERO, 1, Duration.ZERO), method);
    }

    @Test
    void handlingIsTimedByOutcomeAndDeadLettersAndCommitsAreCounted() throws Throwable {
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, ObservationRegistry.NOOP);
        ListenerEndpoint endpoint = endpoint();
        Message message = Message.of("v").withTopic("orders");

        observer.observeHandling(endpoint, message, 1, () -> { });
        observer.observeHandling(endpoint, message, 1, () -> { });
        assertThatThrownBy(() -> observer.observeHandling(endpoint, message, 1, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        observer.deadLettered(endpoint, message);
        observer.committed(endpoint, 3);

        assertThat(meters.get("kafkago.listener.handle").tags("listener", "billing", "topic", "orders",
                "outcome", "success").timer().count()).isEqualTo(2);
        assertThat(meters.get("kafkago.listener.handle").tags("listener", "billing", "topic", "orders",
                "outcome", "error").timer().count()).isEqualTo(1);
        assertThat(meters.get("kafkago.listener.dead.lettered").tags("listener", "billing", "topic", "orders")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("kafkago.listener.committed").tag("listener", "billing").counter().count()).isEqualTo(3);
    }

    @Test
    void failedDeadLettersAreCountedWithThePolicyAndSlowHandlersAreGaugedUntilTheyReturn() throws Throwable {
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, ObservationRegistry.NOOP);
        ListenerEndpoint endpoint = endpoint();
        RunningHandler slow = new RunningHandler("billing", "orders", 0, 7, 1, Duration.ofSeconds(31));

        observer.deadLetterFailed(endpoint, Message.of("v").withTopic("orders"), DeadLetterFailurePolicy.SKIP);
        observer.slowHandlerStarted(endpoint, slow);
        observer.slowHandlerStarted(endpoint, slow);

        assertThat(meters.get("kafkago.listener.dead.letter.failures")
                .tags("listener", "billing", "topic", "orders", "policy", "skip").counter().count()).isEqualTo(1);
        assertThat(meters.get("kafkago.listener.slow.handlers").tag("listener", "billing").gauge().value())
                .isEqualTo(2);
        observer.slowHandlerEnded(endpoint, slow);
        observer.slowHandlerEnded(endpoint, slow);
        assertThat(meters.get("kafkago.listener.slow.handlers").tag("listener", "billing").gauge().value())
                .isZero();
        assertThat(meters.get("kafkago.listener.slow.handler.calls").tag("listener", "billing").counter().count())
                .isEqualTo(2);
    }

    @Test
    void eachHandlerCallIsAnObservationThatReadsThePropagationHeaders() throws Throwable {
        observations.observationConfig().observationHandler(new ObservationHandler<ReceiverContext<?>>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ReceiverContext<?>;
            }

            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public void onStart(ReceiverContext<?> context) {
                ReceiverContext raw = context;
                propagated.add((String) raw.getGetter().get(raw.getCarrier(), "traceparent"));
            }

            @Override
            public void onStop(ReceiverContext<?> context) {
                stopped.add(context);
            }
        });
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, observations);
        Message message = Message.of("v").withTopic("orders")
                .withHeaders(Header.of("traceparent", "old"), Header.of("traceparent", "00-abc-def-01"));
        List<Observation> current = new ArrayList<>();

        observer.observeHandling(endpoint(), message, 1, () -> current.add(observations.getCurrentObservation()));

        assertThat(propagated).containsExactly("00-abc-def-01");
        assertThat(current).singleElement().isNotNull();
        assertThat(stopped).singleElement().satisfies(context -> {
            assertThat(context.getName()).isEqualTo("kafkago.listener.process");
            assertThat(context.getLowCardinalityKeyValue("kafkago.listener").getValue()).isEqualTo("billing");
            assertThat(context.getLowCardinalityKeyValue("messaging.destination.name").getValue()).isEqualTo("orders");
        });
    }
}
