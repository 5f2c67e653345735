package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The writer listeners send dead letters with: synchronous (a dead letter is written before the
 * original offset is committed) and without a fixed topic, so it cannot be the application's Writer
 * bean. Created on the first dead letter and closed with the context.
 */
final class DeadLetterWriter implements Consumer<Message>, AutoCloseable {

    private final Supplier<WriterConfig> config;
    private Writer writer;
    private boolean closed;

    DeadLetterWriter(Supplier<WriterConfig> config) {
        this.config = config;
    }

    @Override
    public void accept(Message message) {
        writer().writeMessages(message);
    }

    private synchronized Writer writer() {
        if (closed) {
            throw new IllegalStateException("the dead-letter writer is closed");
        }
        if (writer == null) {
            writer = new Writer(config.get());
        }
        return writer;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (writer != null) {
            writer.close();
        }
    }
}
