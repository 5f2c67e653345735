package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.KafkaException;
import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Writer;
import io.kafkago.WriterConfig;
import io.kafkago.spring.listener.DeadLetterWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The default {@link DeadLetterWriter}: a {@link Writer} of its own, synchronous (a dead letter is written before the
 * original offset is committed) and without a fixed topic, so it cannot be the application's Writer
 * bean. Created on the first dead letter and closed with the context.
 *
 * <p>A dead letter fails when it is not acknowledged within the writer's {@code deliveryTimeout}
 * ({@code kafkago.writer.delivery-timeout}); the listener's dead-letter failure policy then decides what
 * happens. The wait is bounded here, whatever the writer goes on doing with the batch, so that no retry
 * inside the writer can hold a partition longer than that.
 */
public final class KafkaGoDeadLetterWriter implements DeadLetterWriter, AutoCloseable {

    private final Supplier<WriterConfig> config;
    private Writer writer;
    private boolean closed;

    /** @param config the writer's settings, asked for when the first dead letter is written */
    public KafkaGoDeadLetterWriter(Supplier<WriterConfig> config) {
        this.config = config;
    }

    /**
     * @throws KafkaTimeoutException when the dead letter was not acknowledged within the delivery timeout; the
     *     writer may still write it (a later retry of the same message may then duplicate it)
     * @throws KafkaException what the writer reported otherwise
     */
    @Override
    public void write(Message message) {
        Writer current = writer();
        Duration timeout = current.config().deliveryTimeout();
        CompletableFuture<Void> written = current.writeMessagesAsync(message);
        try {
            written.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            written.cancel(false);
            throw new KafkaTimeoutException("dead letter for topic " + message.topic()
                    + " not acknowledged within the delivery timeout (" + timeout + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaInterruptedException("interrupted while writing a dead letter to topic " + message.topic());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException failure ? failure
                    : new KafkaException("dead letter for topic " + message.topic() + " failed: " + e.getCause(),
                            e.getCause());
        }
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
