package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.protocol.ApiKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record batch that cannot be decoded reaches the application once, as a typed error naming where it is, after the
 * messages before it; the reader neither refetches it nor skips it until told to, and then skips only that.
 */
class ReaderCorruptBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicPartition TP = new TopicPartition("events", 0);

    private ScriptedCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ScriptedCluster(1);
        cluster.addTopic(TP.topic(), 1);
    }

    @AfterEach
    void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void damagedBatchStopsThePartitionUntilTheApplicationStepsPastIt() {
        appendAroundTheBatch(breakChecksum(batch(3, Compression.NONE)));
        try (Reader reader = new Reader(partitionConfig().build())) {
            for (int offset = 0; offset < 3; offset++) {
                assertThat(reader.readMessage(WAIT).offset()).isEqualTo(offset);
            }
            KafkaCorruptRecordException first = corruptRead(reader);
            assertThat(first.topic()).isEqualTo("events");
            assertThat(first.partition()).isZero();
            assertThat(first.offset()).isEqualTo(3);
            assertThat(first.nextOffset()).as("a damaged header gives no batch end").isEqualTo(4);
            assertThat(first).hasMessageContaining("events-0").hasMessageContaining("CRC");
            int fetches = cluster.requests(ApiKey.FETCH);
            assertThatThrownBy(() -> reader.readMessage(Duration.ofMillis(300))).isInstanceOf(KafkaTimeoutException.class);
            assertThat(cluster.requests(ApiKey.FETCH)).as("not fetched again while stopped").isEqualTo(fetches);

            reader.seek(first.topicPartition(), first.nextOffset());
            KafkaCorruptRecordException second = corruptRead(reader);
            assertThat(second.offset()).isEqualTo(4);
            reader.seek(second.topicPartition(), second.nextOffset());
            KafkaCorruptRecordException third = corruptRead(reader);
            assertThat(third.offset()).isEqualTo(5);
            reader.seek(third.topicPartition(), third.nextOffset());

            for (int offset = 6; offset < 9; offset++) {
                Message message = reader.readMessage(WAIT);
                assertThat(message.offset()).isEqualTo(offset);
                assertThat(message.valueAsString()).isEqualTo("m-" + offset);
            }
        }
    }

    @Test
    void groupMemberSkipsAChecksumValidBatchThatCannotBeDecompressedWholeAndCommitsPastIt() {
        appendAroundTheBatch(garbleCompressedData(batch(3, Compression.gzip().build())));
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(cluster.bootstrap()).topic(TP.topic())
                .groupId("audit").maxWait(Duration.ofMillis(100)).build())) {
            for (int offset = 0; offset < 3; offset++) {
                Message message = reader.fetchMessage(WAIT);
                assertThat(message.offset()).isEqualTo(offset);
                reader.commitMessages(message);
            }
            KafkaCorruptRecordException corrupt = corruptFetch(reader);
            assertThat(corrupt.offset()).isEqualTo(3);
            assertThat(corrupt.nextOffset()).as("the batch's own end: its header passed the checksum").isEqualTo(6);
            assertThat(corrupt.getCause()).hasMessageContaining("gzip");

            assertThat(reader.seek(corrupt.topicPartition(), corrupt.nextOffset())).isTrue();
            for (int offset = 6; offset < 9; offset++) {
                Message message = reader.fetchMessage(WAIT);
                assertThat(message.offset()).isEqualTo(offset);
                reader.commitMessages(message);
            }
            assertThat(cluster.committed()).containsEntry(TP, 9L);
            assertThat(reader.seek(new TopicPartition(TP.topic(), 7), 0)).as("not assigned to this member").isFalse();
        }
    }

    @Test
    void batchDecompressingPastTheConfiguredBoundIsATypedError() {
        cluster.append(TP, MemoryRecords.withRecords(0, Compression.gzip().build(),
                new SimpleRecord(1_000L, null, new byte[256 * 1024])).buffer());
        try (Reader reader = new Reader(partitionConfig().maxDecompressedBatchBytes(64 * 1024).build())) {
            KafkaCorruptRecordException corrupt = corruptRead(reader);
            assertThat(corrupt.offset()).isZero();
            assertThat(corrupt.nextOffset()).isEqualTo(1);
            assertThat(corrupt.getCause()).hasMessageContaining("limit of " + 64 * 1024 + " bytes");
        }
    }

    private ReaderConfig.Builder partitionConfig() {
        return ReaderConfig.builder().brokers(cluster.bootstrap()).topic(TP.topic()).partition(TP.partition())
                .maxWait(Duration.ofMillis(100));
    }

    private static KafkaCorruptRecordException corruptRead(Reader reader) {
        try {
            Message unexpected = reader.readMessage(WAIT);
            throw new AssertionError("expected a corrupt batch, read offset " + unexpected.offset());
        } catch (KafkaCorruptRecordException e) {
            return e;
        }
    }

    private static KafkaCorruptRecordException corruptFetch(Reader reader) {
        try {
            Message unexpected = reader.fetchMessage(WAIT);
            throw new AssertionError("expected a corrupt batch, fetched offset " + unexpected.offset());
        } catch (KafkaCorruptRecordException e) {
            return e;
        }
    }

    /** Offsets 0-2 and 6-8 in good batches, {@code middle} (offsets 3-5) between them. */
    private void appendAroundTheBatch(ByteBuffer middle) {
        cluster.append(TP, batch(0, Compression.NONE));
        cluster.append(TP, middle);
        cluster.append(TP, batch(6, Compression.NONE));
    }

    private static ByteBuffer batch(long baseOffset, Compression compression) {
        SimpleRecord[] records = new SimpleRecord[3];
        for (int i = 0; i < 3; i++) {
            records[i] = new SimpleRecord(1_000L, null, ("m-" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(baseOffset, compression, records).buffer();
    }

    private static ByteBuffer breakChecksum(ByteBuffer batch) {
        int last = batch.limit() - 1;
        batch.put(last, (byte) (batch.get(last) ^ 0x55));
        return batch;
    }

    /** Flips a byte inside the compressed records and gives the batch a valid CRC again, as a buggy producer would. */
    private static ByteBuffer garbleCompressedData(ByteBuffer batch) {
        int inside = 61 + (batch.limit() - 61) / 2;
        batch.put(inside, (byte) (batch.get(inside) ^ 0xff));
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(21));
        batch.putInt(17, (int) crc.getValue());
        return batch;
    }
}
