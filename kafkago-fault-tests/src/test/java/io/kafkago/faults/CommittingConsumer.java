package io.kafkago.faults;

import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    /** Starts the consumer in a new JVM; see {@link ChildJvm#start}. */
    static Process start(Path output, String bootstrapServers, String topic, String group, int commitEvery) {
        return ChildJvm.start(CommittingConsumer.class, output, bootstrapServers, topic, group,
                Integer.toString(commitEvery));
    }
}
