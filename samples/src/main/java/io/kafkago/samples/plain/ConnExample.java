package io.kafkago.samples.plain;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kafkago.Batch;
import io.kafkago.Conn;
import io.kafkago.Message;
import java.time.Instant;

/**
 * The seed's Conn examples: produce three messages to a partition leader, then read them back as one batch.
 * Usage: {@code ConnExample <bootstrap address> <topic>}; the topic must exist.
 */
public final class ConnExample {

    private ConnExample() {
    }

    public static void main(String[] args) {
        String address = args.length > 0 ? args[0] : "localhost:9092";
        String topic = args.length > 1 ? args[1] : "topic-A";

        // to produce messages
        try (Conn conn = Conn.dialLeader(address, topic, 0)) {
            conn.setWriteDeadline(Instant.now().plusSeconds(10));
            conn.writeMessages(Message.of("one!"), Message.of("two!"), Message.of("three!"));
        }

        // to consume messages
        try (Conn conn = Conn.dialLeader(address, topic, 0)) {
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            try (Batch batch = conn.readBatch(10_000, 1_000_000)) {
                byte[] b = new byte[10_000]; // 10KB max per message
                int n;
                while ((n = batch.read(b)) >= 0) {
                    System.out.println(new String(b, 0, n, UTF_8));
                }
            }
        }
    }
}
