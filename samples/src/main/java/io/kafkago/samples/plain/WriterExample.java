package io.kafkago.samples.plain;

import io.kafkago.LeastBytes;
import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;

/**
 * The seed's Writer example: write three keyed messages to topic-A with the least-bytes balancer,
 * then close, which flushes anything pending. Usage: {@code WriterExample <bootstrap address> <topic>}.
 */
public final class WriterExample {

    private WriterExample() {
    }

    public static void main(String[] args) {
        String address = args.length > 0 ? args[0] : "localhost:9092";
        String topic = args.length > 1 ? args[1] : "topic-A";

        // make a writer that produces to topic-A, using the least-bytes distribution
        Writer w = new Writer(WriterConfig.builder()
                .brokers(address).topic(topic).balancer(new LeastBytes()).build());
        w.writeMessages(
                Message.of("Key-A", "Hello World!"),
                Message.of("Key-B", "One!"),
                Message.of("Key-C", "Two!"));
        w.close();
    }
}
