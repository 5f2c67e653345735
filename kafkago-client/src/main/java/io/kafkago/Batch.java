package io.kafkago;

import io.kafkago.protocol.record.RecordBatchReader;
import io.kafkago.protocol.record.RecordBatchView;
import io.kafkago.protocol.record.RecordView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
    private final RecordBatchReader reader;
    private RecordBatchView currentBatch;
    private RecordView pending;
    private long nextOffset;
    private KafkaException error;
    private boolean exhausted;
    private boolean closed;

    /**
     * A batch over fetched records.
     *
     * @param onClose told the offset after the last message read when the batch closes
     * @param records the fetch response's record batches, or null when the fetch failed
     * @param error why the fetch failed, or null
     */
    Batch(LongConsumer onClose, String topic, int partition, long startOffset, long highWaterMark, ByteBuffer records,
          KafkaException error) {
        this.onClose = onClose;
        this.topic = topic;
        this.partition = partition;
        this.nextOffset = startOffset;
        this.highWaterMark = highWaterMark;
        this.error = error;
        if (records != null && error == null) {
            this.reader = new RecordBatchReader().reset(records);
        } else {
            this.reader = null;
            this.exhausted = true;
        }
    }

    /**
     * Copies the next message's value into {@code buffer}.
     *
     * @return the value's length (0 for a null value), or -1 when the batch has no more messages or failed
     * @throws IllegalArgumentException when the value is longer than {@code buffer}; the message is not
     *     consumed, so a retry with a larger buffer reads it
     */
    public int read(byte[] buffer) {
        RecordView record = peek();
        if (record == null) {
            return -1;
        }
        int length = Math.max(0, record.valueLength());
        if (length > buffer.length) {
            throw new IllegalArgumentException("the value at offset " + record.offset() + " is " + length
                    + " bytes long but the buffer holds only " + buffer.length + "; nothing was consumed");
        }
        record.readValue(0, buffer, 0, length);
        consume(record);
        return length;
    }

    /** The next message, or null when the batch has no more messages or failed. */
    public Message readMessage() {
        RecordView record = peek();
        if (record == null) {
            return null;
        }
        Message message = new Message(topic, partition, record.offset(), highWaterMark, record.key(), record.value(),
                headers(record), record.timestamp());
        consume(record);
        return message;
    }

    /** Iterates the remaining messages (each consumed as it is returned). */
    @Override
    public Iterator<Message> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return peek() != null;
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
        return nextOffset;
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
        pending = null;
        onClose.accept(nextOffset);
        if (error != null) {
            throw error;
        }
    }

    private RecordView peek() {
        if (pending != null || exhausted || closed || error != null) {
            return pending;
        }
        try {
            while (true) {
                if (currentBatch == null) {
                    currentBatch = reader.nextBatch();
                    if (currentBatch == null) {
                        exhausted = true;
                        return null;
                    }
                    if (currentBatch.isControl() || currentBatch.nextOffset() <= nextOffset) {
                        nextOffset = Math.max(nextOffset, currentBatch.nextOffset());
                        currentBatch = null;
                        continue;
                    }
                }
                RecordView record = currentBatch.nextRecord();
                if (record == null) {
                    nextOffset = Math.max(nextOffset, currentBatch.nextOffset()); // skips compacted gaps
                    currentBatch = null;
                } else if (record.offset() >= nextOffset) {
                    pending = record;
                    return record;
                }
            }
        } catch (KafkaException e) {
            error = e;
            return null;
        }
    }

    private void consume(RecordView record) {
        nextOffset = record.offset() + 1;
        pending = null;
    }

    private static List<Header> headers(RecordView record) {
        int count = record.headerCount();
        if (count == 0) {
            return List.of();
        }
        List<Header> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            headers.add(new Header(record.headerKey(i), record.headerValue(i)));
        }
        return headers;
    }
}
