package io.kafkago.internal.reader;

import io.kafkago.Header;
import io.kafkago.IsolationLevel;
import io.kafkago.Message;
import io.kafkago.TopicPartition;
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
 * <p>Records before the fetch offset (a batch may start earlier) are skipped, control batches
 * are never delivered, and for {@code read_committed} the records of aborted transactions are
 * dropped using the response's AbortedTransactions. A truncated batch at the end (cut by the
 * size limit) ends the data quietly; the next fetch starts at it. Not thread-safe: the fetch
 * thread owns one decoder and reuses its buffers.
 */
final class FetchResponseDecoder {

    private final boolean readCommitted;
    private final RecordBatchReader batches = new RecordBatchReader();
    private final AbortedTransactionFilter abortedTransactions = new AbortedTransactionFilter();
    /** Collects one partition's messages; each result gets an exact-size copy, so no list regrows per fetch. */
    private final ArrayList<Message> scratch = new ArrayList<>();
    private long[] abortedProducerIds = new long[4];
    private long[] abortedFirstOffsets = new long[4];

    FetchResponseDecoder(IsolationLevel isolationLevel) {
        this.readCommitted = isolationLevel == IsolationLevel.READ_COMMITTED;
    }

    /**
     * The messages of one partition's data and the offset to fetch next.
     *
     * @param messages    decoded messages in offset order (possibly empty; unmodifiable use)
     * @param nextOffset  offset the next fetch starts at
     */
    record Result(List<Message> messages, long nextOffset) {
    }

    /**
     * Decodes {@code data} fetched from {@code fetchOffset}.
     *
     * @throws io.kafkago.KafkaProtocolException when a batch is corrupt
     */
    Result decode(TopicPartition partition, long fetchOffset, FetchResponse.PartitionData data) {
        ByteBuffer records = data.records();
        if (records == null || !records.hasRemaining()) {
            return new Result(List.of(), fetchOffset);
        }
        if (readCommitted) {
            resetAbortedTransactions(data.abortedTransactions());
        }
        String topic = partition.topic();
        int partitionId = partition.partition();
        long highWaterMark = data.highWatermark();
        long nextOffset = fetchOffset;
        ArrayList<Message> messages = scratch;
        messages.clear();
        batches.reset(records);
        for (RecordBatchView batch; (batch = batches.nextBatch()) != null; ) {
            nextOffset = Math.max(nextOffset, batch.nextOffset());
            if (batch.isControl()) {
                noteControlBatch(batch);
                continue;
            }
            if (readCommitted && abortedTransactions.skipsDataBatch(batch.lastOffset(), batch.producerId(),
                    batch.isTransactional())) {
                continue;
            }
            for (RecordView record; (record = batch.nextRecord()) != null; ) {
                if (record.offset() >= fetchOffset) {
                    messages.add(toMessage(topic, partitionId, highWaterMark, record));
                }
            }
        }
        List<Message> decoded = List.copyOf(messages);
        messages.clear();
        return new Result(decoded, nextOffset);
    }

    private void noteControlBatch(RecordBatchView batch) {
        if (!readCommitted) {
            return;
        }
        RecordView marker = batch.nextRecord();
        boolean abort = marker != null && marker.controlType() == ControlRecordType.ABORT;
        abortedTransactions.controlBatch(batch.lastOffset(), batch.producerId(), abort);
    }

    private static Message toMessage(String topic, int partition, long highWaterMark, RecordView record) {
        int headerCount = record.headerCount();
        List<Header> headers;
        if (headerCount == 0) {
            headers = List.of();
        } else {
            Header[] array = new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                array[i] = new Header(record.headerKey(i), record.headerValue(i));
            }
            headers = List.of(array);
        }
        return new Message(topic, partition, record.offset(), highWaterMark, record.key(), record.value(), headers,
                record.timestamp());
    }

    private void resetAbortedTransactions(List<FetchResponse.AbortedTransaction> aborted) {
        int count = aborted == null ? 0 : aborted.size();
        if (abortedProducerIds.length < count) {
            abortedProducerIds = new long[count];
            abortedFirstOffsets = new long[count];
        }
        for (int i = 0; i < count; i++) {
            FetchResponse.AbortedTransaction transaction = aborted.get(i);
            abortedProducerIds[i] = transaction.producerId();
            abortedFirstOffsets[i] = transaction.firstOffset();
        }
        abortedTransactions.reset(abortedProducerIds, abortedFirstOffsets, count);
    }
}
