package io.kafkago.internal.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.protocol.record.CompressionCodec;
import io.kafkago.protocol.record.RecordBatchBuilder;
import io.kafkago.protocol.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {

    private static final int BATCH_SIZE = 3;
    private static final int BATCH_BYTES = 1_000;

    private final BuilderPool builders = new BuilderPool(CompressionCodec.forId(CompressionCodec.NONE), 4);
    private final RecordAccumulator accumulator = new RecordAccumulator(builders, BATCH_SIZE, BATCH_BYTES);
    private final List<PartitionQueue> active = new ArrayList<>();

    private PendingWrite append(PartitionQueue queue, Message... messages) {
        PendingWrite write = new PendingWrite(messages, 0, (w, f) -> { });
        PartitionQueue[] targets = new PartitionQueue[messages.length];
        int[] sizes = new int[messages.length];
        Arrays.fill(targets, queue);
        for (int i = 0; i < messages.length; i++) {
            sizes[i] = RecordBatchBuilder.maxRecordSize(messages[i].key(), messages[i].value(), messages[i].headers());
        }
        accumulator.append(write, 0, messages.length, targets, sizes, 1_000L, 0L);
        return write;
    }

    private static Message[] values(int count, int size) {
        Message[] messages = new Message[count];
        for (int i = 0; i < count; i++) {
            messages[i] = Message.of(new byte[size]);
        }
        return messages;
    }

    @Test
    void sealsABatchWhenTheCountLimitIsReached() {
        PartitionQueue queue = accumulator.queue("t", 2);
        append(queue, values(4, 10));
        accumulator.collect(active, (q, open) -> false, 0L);
        assertThat(active).containsExactly(queue);
        ProducerBatch sealed = queue.peekReady();
        assertThat(sealed.recordCount()).isEqualTo(BATCH_SIZE);
        assertThat(sealed.ordinal()).isZero();
        assertThat(queue.open.recordCount()).isEqualTo(1);
    }

    @Test
    void sealsABatchWhenTheNextRecordWouldPassTheByteLimit() {
        PartitionQueue queue = accumulator.queue("t", 0);
        append(queue, values(3, 400));
        accumulator.collect(active, (q, open) -> false, 0L);
        assertThat(queue.peekReady().recordCount()).isEqualTo(2);
        ProducerBatch sealed = queue.takeForSend(false);
        assertThat(sealed.encode(new BufferPool(1 << 20), builders, false).remaining())
                .isLessThanOrEqualTo(BATCH_BYTES);
    }

    @Test
    void partialBatchGoesWhenThePolicySaysSo() {
        PartitionQueue queue = accumulator.queue("t", 0);
        append(queue, values(1, 10));
        accumulator.collect(active, (q, open) -> true, 0L);
        assertThat(queue.open).isNull();
        assertThat(queue.peekReady().recordCount()).isEqualTo(1);
    }

    @Test
    void encodedBatchCarriesTheRecordsAndTheProducerStamp() {
        PartitionQueue queue = accumulator.queue("t", 0);
        append(queue, Message.of("k", "v"), Message.of("k2", "v2"));
        accumulator.collect(active, (q, open) -> true, 0L);
        queue.startSequences(42L, (short) 3);
        ProducerBatch batch = queue.takeForSend(true);
        BufferPool buffers = new BufferPool(1 << 20);
        ByteBuffer encoded = batch.encode(buffers, builders, false);
        assertThat(encoded.getLong(43)).as("producer id").isEqualTo(42L);
        assertThat(encoded.getShort(51)).as("epoch").isEqualTo((short) 3);
        assertThat(encoded.getInt(53)).as("base sequence").isZero();
        assertThat(encoded.getInt(57)).as("record count").isEqualTo(2);
        assertThat(encoded.remaining()).isEqualTo(encoded.getInt(8) + 12);
        batch.clearSequence();
        batch.assignSequence(42L, (short) 4, 7);
        ByteBuffer restamped = batch.encode(buffers, builders, false);
        assertThat(restamped.getShort(51)).isEqualTo((short) 4);
        assertThat(restamped.getInt(53)).isEqualTo(7);
        RecordBatches.restamp(restamped.duplicate(), 42L, (short) 4, 7, false);
        assertThat(batch.encode(buffers, builders, false).getInt(17))
                .as("crc unchanged by an identical restamp").isEqualTo(restamped.getInt(17));
    }

    @Test
    void flushSealsOpenBatchesAndWaitsForThem() throws Exception {
        PartitionQueue queue = accumulator.queue("t", 0);
        PendingWrite write = append(queue, values(1, 10));
        List<ProducerBatch> waitingFor = accumulator.sealAllForFlush();
        assertThat(waitingFor).hasSize(1);
        assertThat(queue.open).isNull();
        assertThat(accumulator.awaitCompletion(waitingFor, System.nanoTime())).isFalse();
        ProducerBatch batch = waitingFor.get(0);
        batch.succeed();
        accumulator.completed(batch);
        assertThat(accumulator.awaitCompletion(waitingFor, System.nanoTime())).isTrue();
        assertThat(write.future()).isCompleted();
    }

    @Test
    void aBatchCompletesItsWritesOnlyOnce() {
        PartitionQueue queue = accumulator.queue("t", 0);
        PendingWrite write = append(queue, values(2, 10));
        accumulator.collect(active, (q, open) -> true, 0L);
        ProducerBatch batch = queue.takeForSend(true);
        batch.succeed();
        batch.fail(new io.kafkago.KafkaException("too late"), false);
        assertThat(write.future()).isCompleted();
        assertThat(write.future().isCompletedExceptionally()).isFalse();
    }

    @Test
    void queuesGrowWithThePartitionCount() {
        PartitionQueue first = accumulator.queue("t", 0);
        PartitionQueue later = accumulator.queue("t", 5);
        assertThat(accumulator.queue("t", 0)).isSameAs(first);
        assertThat(later.partition).isEqualTo(5);
        assertThat(later.topic).isEqualTo("t");
    }
}
