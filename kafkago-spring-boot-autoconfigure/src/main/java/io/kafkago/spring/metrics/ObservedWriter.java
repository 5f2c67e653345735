package io.kafkago.spring.metrics;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.observation.DefaultWriterObservationConvention;
import io.kafkago.spring.observation.KafkaGoObservation;
import io.kafkago.spring.observation.WriterObservationContext;
import io.kafkago.spring.observation.WriterObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Writes through a {@link Writer} inside a {@code kafkago.writer.send} observation whose context adds the
 * tracer's propagation headers (W3C {@code traceparent}, B3...) to every message, so that a
 * {@code @KafkaGoListener} continues the trace. Without a tracer the observation only records timing. Names and
 * key values come from a {@link WriterObservationConvention} ({@link DefaultWriterObservationConvention} unless
 * the application has its own).
 */
public final class ObservedWriter {

    private final Writer writer;
    private final ObservationRegistry observations;
    private final WriterObservationConvention convention;

    /** Observes writes through {@code writer} with {@code observations} ({@code NOOP} records nothing). */
    public ObservedWriter(Writer writer, ObservationRegistry observations) {
        this(writer, observations, null);
    }

    /**
     * @param convention replaces the default convention, or {@code null} for the default (or the one the registry
     *     is configured with)
     */
    public ObservedWriter(Writer writer, ObservationRegistry observations, WriterObservationConvention convention) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.observations = Objects.requireNonNull(observations, "observations");
        this.convention = convention;
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
        WriterObservationContext context = context(messages);
        Observation observation = start(context);
        try (Observation.Scope ignored = observation.openScope()) {
            writer.writeMessages(withHeaders(messages, context.getPropagationHeaders()));
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    /** {@link Writer#writeMessagesAsync(List)} in an observation that ends when the future completes. */
    public CompletableFuture<Void> writeMessagesAsync(List<Message> messages) {
        WriterObservationContext context = context(messages);
        Observation observation = start(context);
        CompletableFuture<Void> written;
        try (Observation.Scope ignored = observation.openScope()) {
            written = writer.writeMessagesAsync(withHeaders(messages, context.getPropagationHeaders()));
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

    private WriterObservationContext context(List<Message> messages) {
        return new WriterObservationContext(messages, writer.config().topic(), writer.config().dialer().clientId());
    }

    private Observation start(WriterObservationContext context) {
        return KafkaGoObservation.WRITER_SEND.observation(convention, DefaultWriterObservationConvention.INSTANCE,
                () -> context, observations).start();
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
