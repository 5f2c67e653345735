package io.kafkago.spring.listener;

import io.kafkago.KafkaInterruptedException;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A {@link MessageSource} backed by a consumer-group {@link Reader}; wake-ups interrupt the fetching thread. */
public final class ReaderMessageSource implements MessageSource {

    private final Reader reader;
    private final Runnable onClose;

    /**
     * @param reader a group-mode reader, owned (closed) by this source from now on
     * @param onClose run after the reader is closed (for example to remove its meters)
     */
    public ReaderMessageSource(Reader reader, Runnable onClose) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        if (!reader.config().isGroupMode()) {
            throw new IllegalArgumentException("a listener's reader must be a consumer-group member");
        }
    }

    /** The reader behind this source. */
    public Reader reader() {
        return reader;
    }

    @Override
    public Message fetch() {
        try {
            return reader.fetchMessage();
        } catch (KafkaInterruptedException e) {
            Thread.interrupted(); // the interrupt was the wake-up; it is consumed here
            return null;
        }
    }

    @Override
    public void fetchAvailable(List<Message> batch, int max) {
        for (int i = 0; i < max; i++) {
            try {
                batch.add(reader.fetchMessage(Duration.ZERO));
            } catch (KafkaTimeoutException e) {
                return; // nothing more is queued
            }
        }
    }

    @Override
    public void commit(List<Message> messages) {
        reader.commitMessages(messages);
    }

    @Override
    public boolean defersCommits() {
        return !reader.config().commitInterval().isZero();
    }

    /** Pauses the partitions assigned now; partitions assigned later are fetched until the queue is full. */
    @Override
    public void pause() {
        for (TopicPartition partition : reader.assignment()) {
            try {
                reader.pause(partition);
            } catch (IllegalStateException e) {
                // a rebalance took it meanwhile
            }
        }
    }

    @Override
    public void resume() {
        reader.resume(reader.paused().toArray(TopicPartition[]::new));
    }

    @Override
    public void wakeUp(Thread fetcher) {
        fetcher.interrupt();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } finally {
            onClose.run();
        }
    }
}
