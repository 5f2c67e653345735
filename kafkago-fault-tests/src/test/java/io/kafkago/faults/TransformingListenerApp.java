package io.kafkago.faults;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.spring.KafkaGoListener;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The Spring form of {@link TransformingProcessor}, in a process of its own for scenarios that SIGKILL it: a
 * transactional {@code @KafkaGoListener} (two members) that writes each input's copy through the injected Writer, so
 * copies and consumed offsets commit together. It prints {@code started} once its listeners run.
 *
 * <p>To be killed at a known point, it can hold: once its handler has been called {@code holdAfter} times, every call
 * prints {@code holding}, after writing its copy, and waits forever inside the member's open transaction.
 *
 * <p>Arguments: bootstrap servers (comma-separated), input topic, output topic, group id, transaction instance id
 * (the same on restart, so that the restarted members fence their predecessors), holdAfter (-1: never).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TransformingListenerApp.Transformer.class)
public class TransformingListenerApp {

    static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    public static void main(String[] args) {
        new SpringApplicationBuilder(TransformingListenerApp.class).web(WebApplicationType.NONE).properties(
                "kafkago.brokers=" + args[0], "eos.input=" + args[1], "kafkago.writer.topic=" + args[2],
                "eos.group=" + args[3], "kafkago.writer.transaction-id-prefix=eos-listener-",
                "kafkago.writer.transaction-instance-id=" + args[4], "eos.hold-after=" + args[5],
                "kafkago.reader.start-offset=first",
                "kafkago.reader.session-timeout=" + TransformingProcessor.SESSION_TIMEOUT.toSeconds() + "s",
                "kafkago.reader.heartbeat-interval=1s").run();
        OUT.println("started");
    }

    /** The listener: the copy goes through the application's Writer and so joins the member's transaction. */
    static class Transformer {
        private final AtomicLong calls = new AtomicLong();

        @Autowired
        Writer writer;

        @Value("${eos.hold-after}")
        long holdAfter;

        @KafkaGoListener(topics = "${eos.input}", groupId = "${eos.group}", transactional = "true", concurrency = "2")
        void transform(Message input) throws InterruptedException {
            writer.writeMessages(Message.of(input.key(), input.value()));
            if (holdAfter >= 0 && calls.incrementAndGet() >= holdAfter) {
                OUT.println("holding");
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}
