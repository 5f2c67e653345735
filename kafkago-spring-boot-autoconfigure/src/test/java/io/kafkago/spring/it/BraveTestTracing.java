package io.kafkago.spring.it;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A Brave tracer behind Micrometer Tracing's {@link Tracer} and {@link Propagator}, keeping every finished span. */
@Configuration(proxyBeanMethods = false)
public class BraveTestTracing {

    /** The spans finished so far, in finishing order; lock the list to iterate it. */
    @Bean
    public List<MutableSpan> finishedSpans() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    @Bean(destroyMethod = "close")
    public Tracing braveTracing(List<MutableSpan> finishedSpans) {
        return Tracing.newBuilder().localServiceName("it").currentTraceContext(ThreadLocalCurrentTraceContext.create())
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        if (cause == Cause.FINISHED) {
                            finishedSpans.add(span);
                        }
                        return true;
                    }
                }).build();
    }

    @Bean
    public Tracer tracer(Tracing tracing) {
        return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()));
    }

    @Bean
    public Propagator propagator(Tracing tracing) {
        return new BravePropagator(tracing);
    }
}
