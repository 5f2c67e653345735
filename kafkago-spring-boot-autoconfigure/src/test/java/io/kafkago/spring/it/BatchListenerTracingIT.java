package io.kafkago.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import brave.handler.MutableSpan;
import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import io.kafkago.spring.KafkaGoListenerRegistry;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.spring.EmbeddedKafkaGo;
import io.micrometer.tracing.Tracer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real tracer (Brave, through Micrometer Tracing and Boot's tracing handlers) across the Writer bean and a batch
 * listener: each write is its own trace, and the span of the batch call that handles the messages links to the
 * writer span of every message it handled.
 */
@SpringBootTest(classes = BatchListenerTracingIT.App.class, properties = {"kafkago.reader.max-wait=100ms",
        "kafkago.brokers=localhost:1"})
@EmbeddedKafkaGo
class BatchListenerTracingIT {

    private static final long WAIT_SECONDS = 60;
    private static final int MESSAGES = 5;
    private static final KafkaTestCluster KAFKA = KafkaTestClusters.shared();
    private static final String TOPIC = KAFKA.createUniqueTopic("traced-batches", 1);

    @DynamicPropertySource
    static void topics(DynamicPropertyRegistry registry) {
        registry.add("it.topic", () -> TOPIC);
    }

    /** One handler call: the offsets it got and the trace current while it ran. */
    record Call(List<Long> offsets, String traceId, String spanId) {
    }

    static class Listeners {
        final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
        @Autowired
        Tracer tracer;

        @KafkaGoListener(id = "traced-batch", topics = "${it.topic}", groupId = "it-traced-batch", batch = true,
                autoStartup = "false")
        void handle(List<Message> messages) {
            List<Long> offsets = messages.stream().map(Message::offset).toList();
            var current = tracer.currentSpan().context();
            calls.add(new Call(offsets, current.traceId(), current.spanId()));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Listeners.class, BraveTestTracing.class})
    static class App {
    }

    @Autowired
    Writer writer;

    @Autowired
    Listeners listeners;

    @Autowired
    KafkaGoListenerRegistry registry;

    @Autowired
    List<MutableSpan> finishedSpans;

    @Test
    void aBatchCallsSpanLinksToTheWriterSpanOfEveryMessageItHandled() throws InterruptedException {
        for (int i = 0; i < MESSAGES; i++) {
            writer.writeMessages(Message.of("m-" + i).withTopic(TOPIC));
        }
        Map<Long, MutableSpan> writerSpans = writerSpansByOffset();
        assertThat(new HashSet<>(writerSpans.values().stream().map(MutableSpan::traceId).toList()))
                .as("each write is its own trace").hasSize(MESSAGES);

        registry.start("traced-batch");
        List<Call> calls = new ArrayList<>();
        int handled = 0;
        while (handled < MESSAGES) {
            Call call = listeners.calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(call).as("handled %d of %d messages", handled, MESSAGES).isNotNull();
            calls.add(call);
            handled += call.offsets().size();
        }

        for (Call call : calls) {
            MutableSpan span = awaitFinished(call.spanId());
            assertThat(span.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
            assertThat(span.traceId()).isEqualTo(call.traceId());
            assertThat(span.parentId()).as("a batch span has links, not a message's parent").isNull();
            assertThat(span.tags()).containsEntry("messaging.batch.message_count",
                    Integer.toString(call.offsets().size()));
            Set<String> expected = new HashSet<>();
            for (long offset : call.offsets()) {
                MutableSpan written = writerSpans.get(offset);
                expected.add(written.traceId() + "/" + written.id());
            }
            assertThat(links(span)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** The writer's spans, by the offset of the message each wrote (one message per write, in order). */
    private Map<Long, MutableSpan> writerSpansByOffset() {
        List<MutableSpan> producers;
        synchronized (finishedSpans) {
            producers = finishedSpans.stream().filter(span -> span.kind() == brave.Span.Kind.PRODUCER).toList();
        }
        assertThat(producers).hasSize(MESSAGES);
        Map<Long, MutableSpan> byOffset = new HashMap<>();
        for (int i = 0; i < producers.size(); i++) {
            byOffset.put((long) i, producers.get(i));
        }
        return byOffset;
    }

    private MutableSpan awaitFinished(String spanId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            synchronized (finishedSpans) {
                for (MutableSpan span : finishedSpans) {
                    if (span.id().equals(spanId)) {
                        return span;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the span of the handler call " + spanId + " never finished");
    }

    /** Micrometer's Brave bridge records links as {@code links[i].traceId} and {@code links[i].spanId} tags. */
    private static Set<String> links(MutableSpan span) {
        Set<String> links = new HashSet<>();
        for (int i = 0; span.tags().containsKey("links[" + i + "].traceId"); i++) {
            links.add(span.tags().get("links[" + i + "].traceId") + "/" + span.tags().get("links[" + i + "].spanId"));
        }
        return links;
    }
}
