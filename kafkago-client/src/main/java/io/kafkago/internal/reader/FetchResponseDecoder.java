package io.kafkago.internal.reader;

import io.kafkago.IsolationLevel;
import io.kafkago.KafkaCorruptRecordException;
import io.kafkago.KafkaProtocolException;
import io.kafkago.Message;
import io.kafkago.TopicPartition;
import io.kafkago.internal.AbortedTransactionFilter;
import io.kafkago.internal.FetchedMessages;
import io.kafkago.protocol.message.FetchResponse;
import io.kafkago.protocol.record.ControlRecordType;
import io.kafkago.protocol.record.RecordBatchReader;
import io.kafkago.protocol.record.RecordBatchView;
import io.kafkago.protocol.record.RecordView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one partition of a Fetch response into {@link Message}s, straight from the record
 * bytes: each record's key, value and headers are copied once, into the arrays the message owns,
 * and nothing else is allocated per record except the message (which keeps the timestamp as
 * milliseconds).
 *
 * <p>The messages come in chunks of about {@code chunkBytes} (see {@link MessageBytes}), so that
 * data which decompresses to far more than was fetched reaches the prefetch queue, and its byte
 * bound, a chunk at a time instead of all at once. Use: {@link #start}, then {@link #nextChunk()}
 * until it returns an empty list, then {@link #nextOffset()}.
 *
 * <p>Records before the fetch offset (a batch may start earlier) are skipped, control batches
 * are never delivered, and for {@code read_committed} the records of aborted transactions are
 * dropped using the response's AbortedTransactions. A truncated batch at the end (cut by the
 * size limit) ends the data quietly; the next fetch starts at it. A batch that cannot be decoded
 * ends the data with a {@link KafkaCorruptRecordException}, after the messages before it. Not
 * thread-safe: the fetch thread owns one decoder and reuses its buffers.
 */
final class FetchResponseDecoder {

    private static final List<Message> NO_MESSAGES = List.of();

    private final boolean readCommitted;
    private final long chunkBytes;
    private final RecordBatchReader batches;
    private final AbortedTransactionFilter abortedTransactions = new AbortedTransactionFilter();
    /** Collects one chunk's messages; each chunk gets an exact-size copy, so no list regrows per fetch. */
    private final ArrayList<Message> scratch = new ArrayList<>();

    // The partition data being decoded.
    private TopicPartition partition;
    private long fetchOffset;
    private long highWaterMark;
    /** Offset of the next message not yet handed out, or past the batches consumed whole. */
    private long position;
    /**
     * The batch being read, from the moment its checksum was verified until its last record; null between batches
     * and while the next header is read.
     */
    private RecordBatchView batch;
    /** A decoding failure met while filling a chunk, thrown by the next call once that chunk is out. */
    private KafkaCorruptRecordException failure;
    /** {@link MessageBytes} of the last chunk handed out. */
    private long chunkWeight;

    /**
     * @param isolationLevel            whether aborted transactions are dropped
     * @param maxDecompressedBatchBytes most bytes one batch may decompress to
     * @param chunkBytes                bytes of messages after which a chunk is handed out
     */
    FetchResponseDecoder(IsolationLevel isolationLevel, int maxDecompressedBatchBytes, long chunkBytes) {
        this.readCommitted = isolationLevel == IsolationLevel.READ_COMMITTED;
        this.batches = new RecordBatchReader(maxDecompressedBatchBytes);
        this.chunkBytes = chunkBytes;
    }

    /** Starts decoding {@code data}, fetched from {@code fetchOffset} of {@code partition}. */
    void start(TopicPartition partition, long fetchOffset, FetchResponse.PartitionData data) {
        this.partition = partition;
        this.fetchOffset = fetchOffset;
        this.highWaterMark = data.highWatermark();
        this.position = fetchOffset;
        this.batch = null;
        this.failure = null;
        ByteBuffer records = data.records();
        batches.reset(records == null ? ByteBuffer.allocate(0) : records);
        if (readCommitted) {
            abortedTransactions.reset(data.abortedTransactions());
        }
    }

    /**
     * The next messages in offset order, about {@code chunkBytes} of them (at least one message),
     * or an empty list when the data holds no more.
     *
     * @throws KafkaCorruptRecordException for a batch that cannot be decoded; the messages before
     *                                     it came with the earlier chunks
     */
    List<Message> nextChunk() {
        if (failure != null) {
            throw failure;
        }
        ArrayList<Message> messages = scratch;
        messages.clear();
        try {
            fill(messages);
        } catch (KafkaProtocolException e) {
            failure = corrupt(e);
            if (messages.isEmpty()) {
                throw failure;
            }
        }
        if (messages.isEmpty()) {
            return NO_MESSAGES;
        }
        List<Message> chunk = List.copyOf(messages);
        messages.clear();
        return chunk;
    }

    /** Where the next fetch starts: after the last batch consumed whole (or the fetch offset). */
    long nextOffset() {
        return position;
    }

    /** The {@link MessageBytes} weight of the chunk the last {@link #nextChunk()} returned. */
    long lastChunkBytes() {
        return chunkWeight;
    }

    private void fill(List<Message> messages) {
        long bytes = 0;
        try {
            while (bytes < chunkBytes) {
                if (batch == null && !openNextBatch()) {
                    return;
                }
                RecordView record = batch.nextRecord();
                if (record == null) {
                    position = Math.max(position, batch.nextOffset());
                    batch = null;
                } else if (record.offset() >= fetchOffset) {
                    Message message = FetchedMessages.of(partition.topic(), partition.partition(), highWaterMark, record);
                    messages.add(message);
                    bytes += MessageBytes.of(message);
                    position = record.offset() + 1;
                }
            }
        } finally {
            chunkWeight = bytes; // also when a corrupt batch ends the chunk early
        }
    }

    /** Moves to the next batch with records to hand out, skipping control and aborted batches; false at the end. */
    private boolean openNextBatch() {
        while (true) {
            batch = null;
            RecordBatchView next = batches.nextBatchHeader();
            if (next == null) {
                return false;
            }
            batch = next;
            if (next.isControl()) {
                noteControlBatch(next);
            } else if (readCommitted && abortedTransactions.skipsDataBatch(next.lastOffset(), next.producerId(),
                    next.isTransactional())) {
                position = Math.max(position, next.nextOffset());
            } else {
                batches.readRecords();
                return true;
            }
        }
    }

    private void noteControlBatch(RecordBatchView control) {
        if (readCommitted) {
            batches.readRecords();
            RecordView marker = control.nextRecord();
            boolean abort = marker != null && marker.controlType() == ControlRecordType.ABORT;
            abortedTransactions.controlBatch(control.lastOffset(), control.producerId(), abort);
        }
        position = Math.max(position, control.nextOffset());
    }

    /**
     * The error the application gets. Once a batch's checksum matched, its header is what the producer wrote and its
     * end is known; a failure before that means its bytes are damaged, header included, so the skip offered is a
     * single offset.
     */
    private KafkaCorruptRecordException corrupt(KafkaProtocolException error) {
        long next = batch != null ? Math.max(batch.nextOffset(), position + 1) : position + 1;
        return new KafkaCorruptRecordException(partition, position, next, error);
    }
}
