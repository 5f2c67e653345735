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
import io.kafkago.spring.observation.DefaultListenerObservationConvention;
import io.kafkago.spring.observation.ListenerObservationContext;
import io.kafkago.spring.observation.ListenerObservationConvention;
import io.micrometer.common.KeyValues;
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

    @SuppressWarnings("unused")
    void handleAll(List<String> values) {
    }

    private ListenerEndpoint endpoint() throws NoSuchMethodException {
        return endpoint(ListenerMethod.of(this, getClass().getDeclaredMethod("handle", String.class), false, null));
    }

    private ListenerEndpoint batchEndpoint() throws NoSuchMethodException {
        return endpoint(ListenerMethod.of(this, getClass().getDeclaredMethod("handleAll", List.class), true, null));
    }

    private static ListenerEndpoint endpoint(ListenerMethod method) {
        return new ListenerEndpoint("billing", List.of("orders"), "billing-group", 1, true, null, null, null,
                DeadLetterFailurePolicy.SKIP, new RetryBackOff(1, Duration.ZERO, 1, Duration.ZERO), false, method);
    }

    @Test
    void handlingIsTimedByOutcomeAndDeadLettersAndCommitsAreCounted() throws Throwable {
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, ObservationRegistry.NOOP);
        ListenerEndpoint endpoint = endpoint();
        Message message = Message.of("v").withTopic("orders");

        observer.observeHandling(endpoint, List.of(message), () -> { });
        observer.observeHandling(endpoint, List.of(message), () -> { });
        assertThatThrownBy(() -> observer.observeHandling(endpoint, List.of(message), () -> {
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
        recordPropagatedTraceparents();
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, observations);
        Message message = Message.of("v").withTopic("orders")
                .withHeaders(Header.of("traceparent", "old"), Header.of("traceparent", "00-abc-def-01"));
        List<Observation> current = new ArrayList<>();

        observer.observeHandling(endpoint(), List.of(message), () -> current.add(observations.getCurrentObservation()));

        assertThat(propagated).containsExactly("00-abc-def-01");
        assertThat(current).singleElement().isNotNull();
        assertThat(stopped).singleElement().satisfies(context -> {
            assertThat(context.getName()).isEqualTo("kafkago.listener.process");
            assertThat(context.getLowCardinalityKeyValue("kafkago.listener").getValue()).isEqualTo("billing");
            assertThat(context.getLowCardinalityKeyValue("messaging.destination.name").getValue()).isEqualTo("orders");
        });
    }

    @Test
    void aBatchCallIsOneObservationCarryingEveryMessage() throws Throwable {
        recordPropagatedTraceparents();
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, observations);
        List<Message> batch = List.of(traced(0, "00-aaa-01-01"), traced(1, "00-bbb-02-01"), traced(2, "00-ccc-03-01"));
        List<Observation> current = new ArrayList<>();

        assertThatThrownBy(() -> observer.observeHandling(batchEndpoint(), batch, () -> {
            current.add(observations.getCurrentObservation());
            throw new IllegalStateException("batch failed");
        })).hasMessage("batch failed");

        assertThat(stopped).singleElement().satisfies(context -> {
            assertThat(context.getName()).isEqualTo("kafkago.listener.process");
            assertThat(context.getHighCardinalityKeyValue("messaging.batch.message_count").getValue()).isEqualTo("3");
            assertThat(context.getHighCardinalityKeyValue("messaging.kafka.message.offset").getValue()).isEqualTo("0");
            assertThat(context.getError()).hasMessage("batch failed");
            assertThat(context).isInstanceOfSatisfying(ListenerObservationContext.class, listener -> {
                assertThat(listener.isBatch()).isTrue();
                assertThat(listener.getMessages()).isEqualTo(batch);
            });
        });
        assertThat(current).singleElement().satisfies(observation ->
                assertThat(observation.getContext()).isSameAs(stopped.get(0)));
        // the carrier is the first message; a tracer's batch handler reads the others from getMessages()
        assertThat(propagated).containsExactly("00-aaa-01-01");
    }

    @Test
    void aSingleMessageCallIsNotABatchEvenInsideOne() throws Throwable {
        recordPropagatedTraceparents();
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, observations);

        observer.observeHandling(endpoint(), List.of(traced(4, "00-ddd-04-01")), () -> { });
        observer.observeHandling(batchEndpoint(), List.of(traced(5, "00-eee-05-01")), () -> { });

        assertThat(stopped).extracting(context -> ((ListenerObservationContext) context).isBatch())
                .containsExactly(false, true);
    }

    @Test
    void anApplicationConventionNamesAndTagsTheObservations() throws Throwable {
        observations.observationConfig().observationHandler(context -> true);
        ListenerObservationConvention withTenant = new DefaultListenerObservationConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(ListenerObservationContext context) {
                return super.getLowCardinalityKeyValues(context).and("tenant", context.getMessage().keyAsString());
            }

            @Override
            public String getName() {
                return "billing.consume";
            }
        };
        List<Observation> current = new ArrayList<>();
        MicrometerListenerObserver observer = new MicrometerListenerObserver(meters, observations, withTenant);

        observer.observeHandling(endpoint(), List.of(Message.of("acme", "v").withTopic("orders")),
                () -> current.add(observations.getCurrentObservation()));

        assertThat(current).singleElement().satisfies(observation -> {
            assertThat(observation.getContext().getName()).isEqualTo("billing.consume");
            assertThat(observation.getContext().getLowCardinalityKeyValue("tenant").getValue()).isEqualTo("acme");
            assertThat(observation.getContext().getLowCardinalityKeyValue("kafkago.listener").getValue())
                    .isEqualTo("billing");
        });
    }

    private void recordPropagatedTraceparents() {
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
    }

    private static Message traced(long offset, String traceparent) {
        return new Message("orders", 0, offset, Message.UNSET, null, "v".getBytes(),
                List.of(Header.of("traceparent", traceparent)), null);
    }
}
