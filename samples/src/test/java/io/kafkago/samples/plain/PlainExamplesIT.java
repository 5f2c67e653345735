package io.kafkago.samples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.TestTopics;
import io.kafkago.test.junit.KafkaTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KafkaTest
class PlainExamplesIT {

    @Test
    void connExampleWritesThreeMessagesAndReadsThemBack(KafkaTestCluster kafka) {
        String topic = TestTopics.unique("conn-example");
        kafka.createTopic(topic, 1, 1, Map.of());

        String out = captureStdout(() -> ConnExample.main(new String[] {kafka.bootstrapServers(), topic}));

        assertThat(out.lines()).containsExactly("one!", "two!", "three!");
    }

    @Test
    void readerExampleStartsAtOffset42AndSeesWhatWriterExampleWrote(KafkaTestCluster kafka) {
        String topic = TestTopics.unique("reader-example");
        kafka.createTopic(topic, 1, 1, Map.of());
        for (int i = 0; i < 14; i++) { // 14 runs x 3 messages: offsets 0..41
            WriterExample.main(new String[] {kafka.bootstrapServers(), topic});
        }
        WriterExample.main(new String[] {kafka.bootstrapServers(), topic}); // offsets 42..44

        String out = captureStdout(() -> ReaderExample.main(new String[] {kafka.bootstrapServers(), topic}));

        assertThat(out.lines()).containsExactly(
                "message at offset 42: Key-A = Hello World!",
                "message at offset 43: Key-B = One!",
                "message at offset 44: Key-C = Two!");
    }

    private static String captureStdout(Runnable program) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
