package io.kafkago.samples.plain;

import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import java.time.Duration;

/**
 * The seed's Reader example: consume topic-A, partition 0, from offset 42 and print each message.
 * Usage: {@code ReaderExample <bootstrap address> <topic>}. Stops after five idle seconds.
 */
public final class ReaderExample {

    private ReaderExample() {
    }

    public static void main(String[] args) {
        String address = args.length > 0 ? args[0] : "localhost:9092";
        String topic = args.length > 1 ? args[1] : "topic-A";

        // make a new reader that consumes from topic-A, partition 0, at offset 42
        Reader r = new Reader(ReaderConfig.builder()
                .brokers(address).topic(topic).partition(0)
                .minBytes(10_000).maxBytes(10_000_000).build());
        r.setOffset(42);
        try {
            while (true) {
                Message m = r.readMessage(Duration.ofSeconds(5));
                System.out.printf("message at offset %d: %s = %s%n", m.offset(), m.keyAsString(), m.valueAsString());
            }
        } catch (KafkaTimeoutException idle) {
            // nothing more to read
        } finally {
            r.close();
        }
    }
}
