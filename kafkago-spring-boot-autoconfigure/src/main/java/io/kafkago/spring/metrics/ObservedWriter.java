package io.kafkago.spring.metrics;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.Writer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.SenderContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Writes through a {@link Writer} inside a {@code kafkago.writer.send} observation whose context adds the
 * tracer's propagation headers (W3C {@code traceparent}, B3...) to every message, so that a
 * {@code @KafkaGoListener} continues the trace. Without a tracer the observation only records timing.
 */
public final class ObservedWriter {

    private static final Propagator.Setter<List<Header>> HEADER_SETTER =
            (headers, key, value) -> headers.add(Header.of(key, value));

    private final Writer writer;
    private final ObservationRegistry observations;

    /** Observes writes through {@code writer} with {@code observations} ({@code NOOP} records nothing). */
    public ObservedWriter(Writer writer, ObservationRegistry observations) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.observations = Objects.requireNonNull(observations, "observations");
    }

    /** The writer messages go through. */
    public Writer writer() {
        return writer;
    }

    /** {@link Writer#writeMessages(List)} in an observation; see the class documentation. */
    public void writeMessages(Message... messages) {
        writeMessages(Arrays.asList(messages));
    }

    /** {@link Writer#writeMessages(List)} in an observation; see the class documentation. */
    public void writeMessages(List<Message> messages) {
        List<Header> propagation = new ArrayList<>(2);
        Observation observation = start(messages, propagation);
        try (Observation.Scope ignored = observation.openScope()) {
            writer.writeMessages(withHeaders(messages, propagation));
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    /** {@link Writer#writeMessagesAsync(List)} in an observation that ends when the future completes. */
    public CompletableFuture<Void> writeMessagesAsync(List<Message> messages) {
        List<Header> propagation = new ArrayList<>(2);
        Observation observation = start(messages, propagation);
        CompletableFuture<Void> written;
        try (Observation.Scope ignored = observation.openScope()) {
            written = writer.writeMessagesAsync(withHeaders(messages, propagation));
        } catch (RuntimeException e) {
            observation.error(e);
            observation.stop();
            throw e;
        }
        return written.whenComplete((done, error) -> {
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        });
    }

    private Observation start(List<Message> messages, List<Header> propagation) {
        SenderContext<List<Header>> context = new SenderContext<>(HEADER_SETTER);
        context.setCarrier(propagation);
        context.setRemoteServiceName("kafka");
        String topic = messages.isEmpty() || messages.get(0).topic() == null
                ? String.valueOf(writer.config().topic()) : messages.get(0).topic();
        return Observation.createNotStarted("kafkago.writer.send", () -> context, observations)
                .contextualName(topic + " send")
                .lowCardinalityKeyValue("messaging.system", "kafka")
                .lowCardinalityKeyValue("messaging.destination.name", topic)
                .highCardinalityKeyValue("messaging.batch.message_count", Integer.toString(messages.size()))
                .start();
    }

    private static List<Message> withHeaders(List<Message> messages, List<Header> propagation) {
        if (propagation.isEmpty()) {
            return messages;
        }
        List<Message> traced = new ArrayList<>(messages.size());
        for (Message message : messages) {
            List<Header> headers = new ArrayList<>(message.headers().size() + propagation.size());
            headers.addAll(message.headers());
            headers.addAll(propagation);
            traced.add(message.withHeaders(headers));
        }
        return traced;
    }
}
