package io.kafkago;

import io.kafkago.internal.conn.RecordCursor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * The messages one fetch returned from a partition, read one by one: {@link #read(byte[])} copies
 * the next value into a buffer (like {@link java.io.InputStream#read(byte[])}, -1 at the end),
 * {@link #readMessage()} returns the whole next message, and the batch is {@link Iterable}.
 *
 * <p>A failure (a broker error, the read deadline passing, a corrupt record) ends the batch: reads
 * then return -1 or null, and {@link #close()} throws the failure, so
 * {@code try (Batch batch = conn.readBatch(...)) { while (batch.read(b) >= 0) ... }} surfaces it.
 * Closing moves the {@link Conn}'s offset past the messages read. Not thread-safe.
 */
public final class Batch implements AutoCloseable, Iterable<Message> {

    private final LongConsumer onClose;
    private final String topic;
    private final int partition;
    private final long highWaterMark;
    private final RecordCursor cursor;
    private final long startOffset;
    private KafkaException error;
    private boolean closed;

    /**
     * A batch over fetched records.
     *
     * @param onClose told the offset after the last message read when the batch closes
     * @param records the fetch response's record batches, or null when the fetch failed
     * @param error why the fetch failed, or null
     */
    Batch(LongConsumer onClose, String topic, int partition, long startOffset, long highWaterMark, RecordCursor records,
          KafkaException error) {
        this.onClose = onClose;
        this.topic = topic;
        this.partition = partition;
        this.startOffset = startOffset;
        this.highWaterMark = highWaterMark;
        this.error = error;
        this.cursor = error == null ? records : null;
    }

    /**
     * Copies the next message's value into {@code buffer}.
     *
     * @return the value's length (0 for a null value), or -1 when the batch has no more messages or failed
     * @throws IllegalArgumentException when the value is longer than {@code buffer}; the message is not
     *     consumed, so a retry with a larger buffer reads it
     */
    public int read(byte[] buffer) {
        if (!hasNext()) {
            return -1;
        }
        int length = cursor.valueLength();
        if (length > buffer.length) {
            throw new IllegalArgumentException("the value at offset " + cursor.offset() + " is " + length
                    + " bytes long but the buffer holds only " + buffer.length + "; nothing was consumed");
        }
        cursor.copyValue(buffer);
        cursor.consume();
        return length;
    }

    /** The next message, or null when the batch has no more messages or failed. */
    public Message readMessage() {
        if (!hasNext()) {
            return null;
        }
        Message message = cursor.message(topic, partition, highWaterMark);
        cursor.consume();
        return message;
    }

    /** Iterates the remaining messages (each consumed as it is returned). */
    @Override
    public Iterator<Message> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return Batch.this.hasNext();
            }

            @Override
            public Message next() {
                Message message = readMessage();
                if (message == null) {
                    throw new NoSuchElementException("no more messages in this batch");
                }
                return message;
            }
        };
    }

    /** The partition's high watermark when the batch was fetched (-1 when the fetch failed first). */
    public long highWaterMark() {
        return highWaterMark;
    }

    /** The offset of the next message to read (after the batch: where the next fetch starts). */
    public long offset() {
        return cursor == null ? startOffset : cursor.nextOffset();
    }

    /** Why the batch ended early, or null while it has not failed. */
    public KafkaException error() {
        return error;
    }

    /**
     * Ends the batch and moves the Conn's offset past the messages read.
     *
     * @throws KafkaException the batch's failure, if it had one (thrown by the first close only)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(offset());
        if (error != null) {
            throw error;
        }
    }

    /** Whether a message is left to read; a corrupt record ends the batch with that error. */
    private boolean hasNext() {
        if (closed || error != null || cursor == null) {
            return false;
        }
        try {
            return cursor.hasRecord();
        } catch (KafkaException e) {
            error = e;
            return false;
        }
    }
}
