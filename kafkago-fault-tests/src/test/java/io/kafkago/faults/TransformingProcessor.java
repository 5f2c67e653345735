package io.kafkago.faults;

import io.kafkago.KafkaException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.Transaction;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exactly-once consume-transform-produce application in a process of its own, for scenarios that SIGKILL it: a
 * kafkago group {@link Reader} on the input topic and a transactional {@link Writer} on the output topic. It takes up
 * to {@value #BATCH} messages at a time and, in one transaction, writes each one's copy (same key and value) and
 * commits the input offsets; it prints {@code committed <messages>} after each commit. An aborted transaction moves
 * the reader back to the batch's first offsets, so its messages are processed again.
 *
 * <p>To be killed at a known point, it can hold: once it has committed {@code holdAfter} inputs, it writes the next
 * batch's copies (acknowledged, in the log, not committed), prints {@code holding <messages>} and waits forever inside
 * that transaction.
 *
 * <p>Arguments: bootstrap servers (comma-separated), input topic, output topic, group id, transactional id,
 * holdAfter (-1: never).
 */
public final class TransformingProcessor {

    static final int BATCH = 200;
    /** A member that dies is replaced after this long, rather than kafka-clients' 45 s. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private TransformingProcessor() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        String[] brokers = args[0].split(",");
        ReaderConfig readerConfig = ReaderConfig.builder().brokers(brokers).topic(args[1]).groupId(args[3])
                .sessionTimeout(SESSION_TIMEOUT).heartbeatInterval(Duration.ofSeconds(1)).build();
        WriterConfig writerConfig = WriterConfig.builder().brokers(brokers).topic(args[2]).transactionalId(args[4])
                .build();
        long holdAfter = Long.parseLong(args[5]);
        long committed = 0;
        try (Reader reader = new Reader(readerConfig); Writer writer = new Writer(writerConfig)) {
            while (true) {
                List<Message> batch = nextBatch(reader);
                try (Transaction transaction = writer.beginTransaction()) {
                    List<Message> copies = new ArrayList<>(batch.size());
                    for (Message input : batch) {
                        copies.add(Message.of(input.key(), input.value()));
                    }
                    transaction.writeMessages(copies);
                    if (holdAfter >= 0 && committed >= holdAfter) {
                        out.println("holding " + batch.size());
                        Thread.sleep(Long.MAX_VALUE);
                    }
                    transaction.commitMessages(reader, batch);
                    transaction.commit();
                    committed += batch.size();
                    out.println("committed " + batch.size());
                } catch (KafkaException e) {
                    out.println("aborted " + batch.size() + " " + e.getClass().getSimpleName());
                    rewind(reader, batch);
                }
            }
        }
    }

    private static List<Message> nextBatch(Reader reader) {
        List<Message> batch = new ArrayList<>(BATCH);
        batch.add(reader.fetchMessage());
        while (batch.size() < BATCH) {
            try {
                batch.add(reader.fetchMessage(Duration.ofMillis(50)));
            } catch (KafkaTimeoutException e) {
                break;
            }
        }
        return batch;
    }

    /** Moves each partition of the batch back to its first message in it (partitions lost meanwhile are skipped). */
    private static void rewind(Reader reader, List<Message> batch) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (Message message : batch) {
            first.putIfAbsent(new TopicPartition(message.topic(), message.partition()), message.offset());
        }
        first.forEach(reader::seek);
    }

    /** Starts the processor in a new JVM; see {@link ChildJvm#start}. */
    static Process start(Path output, String bootstrapServers, String input, String outputTopic, String group,
                         String transactionalId, long holdAfter) {
        return ChildJvm.start(TransformingProcessor.class, output, bootstrapServers, input, outputTopic, group,
                transactionalId, Long.toString(holdAfter));
    }
}
