package io.kafkago.spring.metrics;

import io.kafkago.Header;
import io.kafkago.Message;
import io.kafkago.WriteInterceptor;
import io.kafkago.WriterConfig;
import io.kafkago.spring.observation.DefaultWriterObservationConvention;
import io.kafkago.spring.observation.KafkaGoObservation;
import io.kafkago.spring.observation.WriterObservationContext;
import io.kafkago.spring.observation.WriterObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes each write call of a {@code Writer} a {@code kafkago.writer.send} observation whose context adds the
 * tracer's propagation headers (W3C {@code traceparent}, B3...) to every message, so that a
 * {@code @KafkaGoListener} continues the trace; the observation ends with the call's outcome (for asynchronous
 * writes, when they are acknowledged). Without a tracer it only records timing. Names and key values come from a
 * {@link WriterObservationConvention} ({@link DefaultWriterObservationConvention} unless the application has its
 * own). The auto-configuration installs it in the Writer beans' configs, so the injected {@code Writer} is observed.
 */
public final class ObservingWriteInterceptor implements WriteInterceptor {

    private final ObservationRegistry observations;
    private final WriterObservationConvention convention;

    /**
     * @param observations where observations go ({@code NOOP} records nothing)
     * @param convention   replaces the default convention, or {@code null} for the default (or the one the registry
     *                     is configured with)
     */
    public ObservingWriteInterceptor(ObservationRegistry observations, WriterObservationConvention convention) {
        this.observations = Objects.requireNonNull(observations, "observations");
        this.convention = convention;
    }

    @Override
    public Interception intercept(WriterConfig config, List<Message> messages) {
        WriterObservationContext context = new WriterObservationContext(messages, config.topic(),
                config.dialer().clientId());
        Observation observation = KafkaGoObservation.WRITER_SEND.observation(convention,
                DefaultWriterObservationConvention.INSTANCE, () -> context, observations).start();
        List<Message> traced = withHeaders(messages, context.getPropagationHeaders());
        return new Interception() {
            @Override
            public List<Message> messages() {
                return traced;
            }

            @Override
            public void completed(Throwable error) {
                if (error != null) {
                    observation.error(error);
                }
                observation.stop();
            }
        };
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
