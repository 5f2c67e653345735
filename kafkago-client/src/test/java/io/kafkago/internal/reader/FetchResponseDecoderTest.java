package io.kafkago.internal.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Header;
import io.kafkago.IsolationLevel;
import io.kafkago.KafkaCorruptRecordException;
import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import io.kafkago.protocol.message.FetchResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
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
        FetchResponseDecoder decoder = decoder(IsolationLevel.READ_UNCOMMITTED);

        Result result = decode(decoder, 11, data(records, 20));

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

        Result committed = decode(decoder(IsolationLevel.READ_COMMITTED), 0, committedData);
        Result uncommitted = decode(decoder(IsolationLevel.READ_UNCOMMITTED), 0, data(records, 6));

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

        Result result = decode(decoder(IsolationLevel.READ_UNCOMMITTED), 0, data(cut.slice(), 2));

        assertThat(result.messages()).extracting(Message::valueAsString).containsExactly("one");
        assertThat(result.nextOffset()).isEqualTo(1);
    }

    @Test
    void batchFailingItsChecksumComesAfterTheMessagesBeforeItAndOffersAOneOffsetSkip() {
        ByteBuffer records = concat(MemoryRecords.withRecords(0, Compression.NONE, record(null, "0"), record(null, "1")),
                breakChecksum(MemoryRecords.withRecords(2, Compression.NONE, record(null, "2"), record(null, "3"))),
                MemoryRecords.withRecords(4, Compression.NONE, record(null, "4")));
        FetchResponseDecoder decoder = decoder(IsolationLevel.READ_UNCOMMITTED);
        decoder.start(TP, 1, data(records, 5));

        assertThat(decoder.nextChunk()).extracting(Message::offset).containsExactly(1L);
        assertThatThrownBy(decoder::nextChunk).isInstanceOfSatisfying(KafkaCorruptRecordException.class, e -> {
            assertThat(e.topicPartition()).isEqualTo(TP);
            assertThat(e.offset()).isEqualTo(2);
            assertThat(e.nextOffset()).as("the damaged header cannot tell where the batch ends").isEqualTo(3);
            assertThat(e).hasMessageContaining("t-3").hasMessageContaining("offset 2").hasMessageContaining("CRC");
        });
    }

    @Test
    void checksumValidBatchWithMalformedCompressedDataOffersToSkipTheWholeBatch() {
        ByteBuffer records = concat(MemoryRecords.withRecords(0, Compression.NONE, record(null, "0")),
                MemoryRecords.withRecords(1, Compression.gzip().build(), record(null, "1"), record(null, "2")),
                MemoryRecords.withRecords(3, Compression.NONE, record(null, "3")));
        int compressedBatch = records.getInt(8) + 12;
        garbleAndReseal(records, compressedBatch);

        FetchResponseDecoder decoder = decoder(IsolationLevel.READ_UNCOMMITTED);
        decoder.start(TP, 0, data(records, 4));

        assertThat(decoder.nextChunk()).extracting(Message::offset).containsExactly(0L);
        assertThatThrownBy(decoder::nextChunk).isInstanceOfSatisfying(KafkaCorruptRecordException.class, e -> {
            assertThat(e.offset()).isEqualTo(1);
            assertThat(e.nextOffset()).isEqualTo(3);
            assertThat(e.getCause()).hasMessageContaining("gzip");
        });
    }

    @Test
    void batchDecompressingPastTheBoundIsATypedErrorNamingTheBound() {
        byte[] zeros = new byte[64 * 1024];
        ByteBuffer records = concat(MemoryRecords.withRecords(7, Compression.gzip().build(),
                new SimpleRecord(1_000L, null, zeros)));
        FetchResponseDecoder decoder = new FetchResponseDecoder(IsolationLevel.READ_UNCOMMITTED, 16 * 1024, 1024);
        decoder.start(TP, 7, data(records, 8));

        assertThatThrownBy(decoder::nextChunk).isInstanceOfSatisfying(KafkaCorruptRecordException.class, e -> {
            assertThat(e.offset()).isEqualTo(7);
            assertThat(e.nextOffset()).isEqualTo(8);
            assertThat(e.getCause()).hasMessageContaining(String.valueOf(16 * 1024));
        });
    }

    @Test
    void truncatedRecordsInsideACompleteBatchAreATypedErrorAfterTheRecordsBeforeThem() {
        ByteBuffer records = concat(MemoryRecords.withRecords(0, Compression.NONE, record(null, "0"), record(null, "1"),
                record(null, "2")));
        records.putInt(57, 5); // the batch claims 5 records, holds 3; CRC recomputed so the header is trusted
        reseal(records, 0);
        FetchResponseDecoder decoder = decoder(IsolationLevel.READ_UNCOMMITTED);
        decoder.start(TP, 0, data(records, 3));

        assertThat(decoder.nextChunk()).extracting(Message::offset).containsExactly(0L, 1L, 2L);
        assertThatThrownBy(decoder::nextChunk).isInstanceOfSatisfying(KafkaCorruptRecordException.class, e -> {
            assertThat(e.offset()).isEqualTo(3);
            assertThat(e.nextOffset()).isEqualTo(3 + 1);
        });
    }

    @Test
    void messagesComeInChunksOfAboutTheChunkSize() {
        ByteBuffer records = concat(MemoryRecords.withRecords(0, Compression.gzip().build(),
                new SimpleRecord(1L, null, new byte[100]), new SimpleRecord(1L, null, new byte[100]),
                new SimpleRecord(1L, null, new byte[100]), new SimpleRecord(1L, null, new byte[100]),
                new SimpleRecord(1L, null, new byte[100])));
        FetchResponseDecoder decoder = new FetchResponseDecoder(IsolationLevel.READ_UNCOMMITTED, 1 << 20, 200);
        decoder.start(TP, 0, data(records, 5));

        assertThat(decoder.nextChunk()).extracting(Message::offset).containsExactly(0L, 1L);
        assertThat(decoder.nextChunk()).extracting(Message::offset).containsExactly(2L, 3L);
        assertThat(decoder.nextChunk()).extracting(Message::offset).containsExactly(4L);
        assertThat(decoder.nextChunk()).isEmpty();
        assertThat(decoder.nextOffset()).isEqualTo(5);
    }

    @Test
    void emptyDataKeepsTheFetchOffset() {
        Result result = decode(decoder(IsolationLevel.READ_COMMITTED), 9, data(null, 9));
        assertThat(result.messages()).isEmpty();
        assertThat(result.nextOffset()).isEqualTo(9);
    }

    private record Result(List<Message> messages, long nextOffset) {
    }

    private static FetchResponseDecoder decoder(IsolationLevel isolation) {
        return new FetchResponseDecoder(isolation, ReaderConfig.DEFAULT_MAX_DECOMPRESSED_BATCH_BYTES,
                ReaderConfig.DEFAULT_MAX_BYTES);
    }

    /** Every chunk of the data, as one list. */
    private static Result decode(FetchResponseDecoder decoder, long fetchOffset, FetchResponse.PartitionData data) {
        decoder.start(TP, fetchOffset, data);
        List<Message> messages = new ArrayList<>();
        for (List<Message> chunk; !(chunk = decoder.nextChunk()).isEmpty(); ) {
            messages.addAll(chunk);
        }
        return new Result(messages, decoder.nextOffset());
    }

    private static MemoryRecords breakChecksum(MemoryRecords records) {
        ByteBuffer buffer = records.buffer();
        buffer.put(buffer.limit() - 2, (byte) (buffer.get(buffer.limit() - 2) ^ 0x55));
        return records;
    }

    /** Flips a byte inside the compressed records of the batch at {@code start} and gives the batch a valid CRC again. */
    private static void garbleAndReseal(ByteBuffer records, int start) {
        int end = start + 12 + records.getInt(start + 8);
        int inside = start + 61 + (end - start - 61) / 2;
        records.put(inside, (byte) (records.get(inside) ^ 0xff));
        reseal(records, start);
    }

    /** Recomputes the CRC32C of the batch at {@code start} (it covers attributes to the end). */
    private static void reseal(ByteBuffer records, int start) {
        int end = start + 12 + records.getInt(start + 8);
        CRC32C crc = new CRC32C();
        crc.update(records.duplicate().position(start + 21).limit(end));
        records.putInt(start + 17, (int) crc.getValue());
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
