package io.kafkago.internal.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Header;
import io.kafkago.IsolationLevel;
import io.kafkago.KafkaProtocolException;
import io.kafkago.Message;
import io.kafkago.TopicPartition;
import io.kafkago.protocol.message.FetchResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

/** Decoding fetched partitions whose record bytes kafka-clients built. */
class FetchResponseDecoderTest {

    private static final TopicPartition TP = new TopicPartition("t", 3);
    private static final long PRODUCER = 4242;
    private static final short EPOCH = 0;

    @Test
    void decodesRecordsWithHeadersAndSkipsThoseBeforeTheFetchOffset() {
        ByteBuffer records = concat(
                MemoryRecords.withRecords(10, Compression.gzip().build(), record("a", "1"), record("b", "2"), record(null, null)),
                MemoryRecords.withRecords(13, Compression.NONE, new SimpleRecord(77L, bytes("k"), bytes("v"),
                        new org.apache.kafka.common.header.Header[] {new RecordHeader("h", bytes("x"))})));
        FetchResponseDecoder decoder = new FetchResponseDecoder(IsolationLevel.READ_UNCOMMITTED);

        FetchResponseDecoder.Result result = decoder.decode(TP, 11, data(records, 20));

        assertThat(result.messages()).extracting(Message::offset).containsExactly(11L, 12L, 13L);
        assertThat(result.nextOffset()).isEqualTo(14);
        Message last = result.messages().get(2);
        assertThat(last.topic()).isEqualTo("t");
        assertThat(last.partition()).isEqualTo(3);
        assertThat(last.highWaterMark()).isEqualTo(20);
        assertThat(last.time().toEpochMilli()).isEqualTo(77);
        assertThat(last.headers()).containsExactly(Header.of("h", "x"));
        assertThat(result.messages().get(1).key()).isNull();
        assertThat(result.messages().get(1).value()).isNull();
    }

    @Test
    void readCommittedDropsAbortedTransactionAndControlBatches() {
        ByteBuffer records = concat(
                MemoryRecords.withTransactionalRecords(0, Compression.NONE, PRODUCER, EPOCH, 0, 0, record(null, "aborted-0"),
                        record(null, "aborted-1")),
                MemoryRecords.withEndTransactionMarker(2, 0L, 0, PRODUCER, EPOCH,
                        new EndTransactionMarker(ControlRecordType.ABORT, 0)),
                MemoryRecords.withTransactionalRecords(3, Compression.NONE, PRODUCER, EPOCH, 2, 0, record(null, "kept-3")),
                MemoryRecords.withEndTransactionMarker(4, 0L, 0, PRODUCER, EPOCH,
                        new EndTransactionMarker(ControlRecordType.COMMIT, 0)),
                MemoryRecords.withRecords(5, Compression.NONE, record(null, "plain-5")));
        FetchResponse.PartitionData committedData = data(records, 6).setAbortedTransactions(List.of(
                new FetchResponse.AbortedTransaction().setProducerId(PRODUCER).setFirstOffset(0)));

        FetchResponseDecoder.Result committed = new FetchResponseDecoder(IsolationLevel.READ_COMMITTED)
                .decode(TP, 0, committedData);
        FetchResponseDecoder.Result uncommitted = new FetchResponseDecoder(IsolationLevel.READ_UNCOMMITTED)
                .decode(TP, 0, data(records, 6));

        assertThat(committed.messages()).extracting(Message::valueAsString).containsExactly("kept-3", "plain-5");
        assertThat(committed.nextOffset()).isEqualTo(6);
        assertThat(uncommitted.messages()).extracting(Message::valueAsString)
                .containsExactly("aborted-0", "aborted-1", "kept-3", "plain-5");
    }

    @Test
    void truncatedLastBatchEndsTheDataQuietly() {
        ByteBuffer whole = concat(MemoryRecords.withRecords(0, Compression.NONE, record(null, "one")),
                MemoryRecords.withRecords(1, Compression.NONE, record(null, "two")));
        ByteBuffer cut = whole.duplicate();
        cut.limit(whole.limit() - 5);

        FetchResponseDecoder.Result result = new FetchResponseDecoder(IsolationLevel.READ_UNCOMMITTED)
                .decode(TP, 0, data(cut.slice(), 2));

        assertThat(result.messages()).extracting(Message::valueAsString).containsExactly("one");
        assertThat(result.nextOffset()).isEqualTo(1);
    }

    @Test
    void corruptBatchIsRejectedWithAProtocolError() {
        ByteBuffer records = concat(MemoryRecords.withRecords(0, Compression.NONE, record("k", "value")));
        records.put(records.limit() - 2, (byte) (records.get(records.limit() - 2) ^ 0x55)); // breaks the CRC

        assertThatThrownBy(() -> new FetchResponseDecoder(IsolationLevel.READ_UNCOMMITTED).decode(TP, 0, data(records, 1)))
                .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("CRC");
    }

    @Test
    void emptyDataKeepsTheFetchOffset() {
        FetchResponseDecoder.Result result = new FetchResponseDecoder(IsolationLevel.READ_COMMITTED)
                .decode(TP, 9, data(null, 9));
        assertThat(result.messages()).isEmpty();
        assertThat(result.nextOffset()).isEqualTo(9);
    }

    private static FetchResponse.PartitionData data(ByteBuffer records, long highWatermark) {
        return new FetchResponse.PartitionData().setPartitionIndex(TP.partition()).setHighWatermark(highWatermark)
                .setRecords(records);
    }

    private static SimpleRecord record(String key, String value) {
        return new SimpleRecord(1_000L, bytes(key), bytes(value));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer concat(MemoryRecords... parts) {
        List<ByteBuffer> buffers = new ArrayList<>();
        int size = 0;
        for (MemoryRecords part : parts) {
            buffers.add(part.buffer());
            size += part.sizeInBytes();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        buffers.forEach(buffer -> all.put(buffer.duplicate()));
        return all.flip();
    }
}
