package io.kafkago.spring.observation;

import io.kafkago.Message;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Traces a batch listener's call as one consumer span linked to the trace of every message it handles, as
 * OpenTelemetry's messaging conventions ask of batch processing: the messages of one call were usually written by
 * different traces, and a span has one parent but any number of links. The span's parent is the span current when
 * the call starts, if any (usually none: listener threads start no trace). Single-message calls are left to the
 * tracer's propagating receiver handler, which continues the message's trace.
 *
 * <p>Each message's trace context is read with the application's {@link Propagator}, so every propagation format the
 * tracer speaks works: a span extracted from the message's headers is started to learn its parent's ids and abandoned
 * at once (never reported). Messages without a trace context add no link; messages of one trace and span add one.
 *
 * <p>Register it before the tracer's receiver handler (the starter does when Micrometer Tracing is present).
 */
public final class BatchListenerTracingObservationHandler implements TracingObservationHandler<ListenerObservationContext> {

    private final Tracer tracer;
    private final Propagator propagator;

    public BatchListenerTracingObservationHandler(Tracer tracer, Propagator propagator) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ListenerObservationContext listener && listener.isBatch();
    }

    @Override
    public void onStart(ListenerObservationContext context) {
        Span.Builder builder = tracer.spanBuilder().kind(Span.Kind.CONSUMER);
        if (context.getRemoteServiceName() != null) {
            builder.remoteServiceName(context.getRemoteServiceName());
        }
        Span parent = getParentSpan(context);
        if (parent == null) {
            parent = tracer.currentSpan();
        }
        if (parent == null) {
            builder.setNoParent();
        } else {
            builder.setParent(parent.context());
        }
        Set<String> linked = new HashSet<>();
        for (Message message : context.getMessages()) {
            TraceContext written = writerContext(context, message);
            if (written != null && linked.add(written.traceId() + "/" + written.spanId())) {
                builder.addLink(new Link(written));
            }
        }
        getTracingContext(context).setSpan(builder.start());
    }

    @Override
    public void onStop(ListenerObservationContext context) {
        Span span = getRequiredSpan(context);
        tagSpan(context, span);
        span.name(getSpanName(context));
        endSpan(context, span);
    }

    @Override
    public Tracer getTracer() {
        return tracer;
    }

    /** The context of the span that wrote {@code message}, or null when its headers carry none. */
    private TraceContext writerContext(ListenerObservationContext context, Message message) {
        Span probe = propagator.extract(message, (carrier, key) -> context.getGetter().get(carrier, key)).start();
        try {
            TraceContext child = probe.context();
            if (child.parentId() == null) {
                return null;
            }
            return tracer.traceContextBuilder().traceId(child.traceId()).spanId(child.parentId())
                    .sampled(child.sampled()).build();
        } finally {
            probe.abandon();
        }
    }
}
