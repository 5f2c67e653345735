package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An interceptor replaces each call's messages (here: adds a header) and learns every call's outcome, once. */
@KafkaTest
class WriteInterceptorIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    KafkaTestCluster kafka;

    private final List<Object> outcomes = new CopyOnWriteArrayList<>();
    private final WriteInterceptor tagging = (config, messages) -> new WriteInterceptor.Interception() {
        @Override
        public List<Message> messages() {
            List<Message> tagged = new ArrayList<>();
            for (Message message : messages) {
                List<Header> headers = new ArrayList<>(message.headers());
                headers.add(new Header("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
                tagged.add(message.withHeaders(headers));
            }
            return tagged;
        }

        @Override
        public void completed(Throwable error) {
            outcomes.add(error == null ? "ok:" + messages.size() : error);
        }
    };

    @Test
    void synchronousAndAsynchronousWritesCarryWhatTheInterceptorMadeAndReportTheirOutcome() throws Exception {
        String topic = kafka.createUniqueTopic("intercepted", 1);
        try (Writer writer = new Writer(config(topic).build())) {
            writer.writeMessages(Message.of("a"), Message.of("b"));
            assertThat(outcomes).containsExactly("ok:2");
            writer.writeMessagesAsync(List.of(Message.of("c"))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(outcomes).containsExactly("ok:2", "ok:1");

        try (Reader reader = new Reader(ReaderConfig.builder().brokers(kafka.bootstrapServers().split(","))
                .topic(topic).build())) {
            for (String expected : List.of("a", "b", "c")) {
                Message read = reader.readMessage(WAIT);
                assertThat(new String(read.value(), StandardCharsets.UTF_8)).isEqualTo(expected);
                assertThat(read.headers()).extracting(Header::key).containsExactly("trace");
            }
        }
    }

    @Test
    void aWriterConfiguredAsyncReportsWhenTheMessagesAreAcknowledged() throws Exception {
        String topic = kafka.createUniqueTopic("intercepted-async", 1);
        try (Writer writer = new Writer(config(topic).async(true).build())) {
            writer.writeMessages(Message.of("x"));
            assertThat(writer.flush(WAIT)).isTrue();
        }
        assertThat(outcomes).containsExactly("ok:1");
    }

    @Test
    void aCallThatCannotHandOverIsReportedFailedWithWhatItThrew() {
        Writer writer = new Writer(config(kafka.createUniqueTopic("intercepted-closed", 1)).build());
        writer.close();
        assertThatThrownBy(() -> writer.writeMessages(Message.of("late"))).isInstanceOf(IllegalStateException.class);
        CompletableFuture<Void> async = null;
        try {
            async = writer.writeMessagesAsync(List.of(Message.of("late too")));
        } catch (IllegalStateException expected) {
            // handing over failed at once, as for the synchronous call
        }
        assertThat(async).isNull();
        assertThat(outcomes).hasSize(2).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(IllegalStateException.class));
    }

    private WriterConfig.Builder config(String topic) {
        return WriterConfig.builder().brokers(kafka.bootstrapServers().split(",")).topic(topic).interceptor(tagging);
    }
}
