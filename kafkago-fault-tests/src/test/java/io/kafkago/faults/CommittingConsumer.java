package io.kafkago.faults;

import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A consumer application in a process of its own, for scenarios that SIGKILL it: a kafkago group {@link Reader} with
 * default settings that handles each message by printing {@code consumed <partition> <offset> <value>} and commits
 * every {@code commitEvery} messages with one {@code commitMessages} call, printing {@code committed <messages>} once
 * the call returned. Lines go straight to standard output, unbuffered, so a kill loses none that was printed.
 *
 * <p>Arguments: bootstrap servers (comma-separated), topic, group id, commitEvery.
 */
public final class CommittingConsumer {

    private CommittingConsumer() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        int commitEvery = Integer.parseInt(args[3]);
        ReaderConfig config = ReaderConfig.builder().brokers(args[0].split(",")).topic(args[1]).groupId(args[2])
                .build();
        try (Reader reader = new Reader(config)) {
            List<Message> uncommitted = new ArrayList<>(commitEvery);
            while (true) {
                Message message = reader.fetchMessage();
                out.println("consumed " + message.partition() + " " + message.offset() + " " + message.valueAsString());
                uncommitted.add(message);
                if (uncommitted.size() == commitEvery) {
                    reader.commitMessages(uncommitted);
                    out.println("committed " + uncommitted.size());
                    uncommitted.clear();
                }
            }
        }
    }

    /**
     * Starts the consumer in a new JVM on this JVM's class path, its standard output in {@code output} and its log in
     * {@code output} + {@code .log}.
     */
    static Process start(Path output, String bootstrapServers, String topic, String group, int commitEvery) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CommittingConsumer.class.getName(),
                bootstrapServers, topic, group, Integer.toString(commitEvery));
        try {
            return new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(output.resolveSibling(output.getFileName() + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + CommittingConsumer.class.getSimpleName(), e);
        }
    }

    /** The complete lines the consumer printed so far (a line cut by a kill is left out). */
    static List<String> lines(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (!text.isEmpty() && !text.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + output, e);
        }
    }
}
