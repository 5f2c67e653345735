package io.kafkago.internal.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

class PartitionQueueTest {

    private static final int MAX_IN_FLIGHT = 5;

    private final PartitionQueue queue = new PartitionQueue("t", 0);
    private final PendingWrite write = new PendingWrite(new Message[100], 0, (w, f) -> { });
    private long ordinal;
    private int nextIndex;

    private ProducerBatch sealedBatch(int records) {
        ProducerBatch batch = new ProducerBatch(queue, new RecordBatchBuilder(), records, 0);
        for (int i = 0; i < records; i++) {
            batch.addOwner(write, nextIndex++, 10, 10);
        }
        batch.ordinal(ordinal++);
        queue.addReady(batch);
        return batch;
    }

    private ProducerBatch send() {
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).isTrue();
        return queue.takeForSend(true);
    }

    /** The broker has written one of this producer's batches here, so it checks the order of the next ones. */
    private void brokerKnowsTheProducer() {
        sealedBatch(1);
        queue.acknowledged(send());
    }

    @Test
    void sequencesStartAtZeroAndGrowByRecordCount() {
        ProducerBatch first = sealedBatch(3);
        ProducerBatch second = sealedBatch(2);
        ProducerBatch third = sealedBatch(1);
        assertThat(send()).isSameAs(first);
        assertThat(queue.isNextExpected(first)).isTrue();
        queue.acknowledged(first);
        assertThat(send()).isSameAs(second);
        assertThat(send()).isSameAs(third);
        assertThat(first.baseSequence()).isZero();
        assertThat(second.baseSequence()).isEqualTo(3);
        assertThat(third.baseSequence()).isEqualTo(5);
        assertThat(queue.isNextExpected(second)).isTrue();
        assertThat(queue.isNextExpected(third)).isFalse();
        queue.acknowledged(second);
        assertThat(queue.isNextExpected(third)).isTrue();
    }

    @Test
    void firstBatchGoesAloneUntilTheBrokerHasWrittenIt() {
        ProducerBatch first = sealedBatch(1);
        sealedBatch(1);
        send();
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).as("a broker takes any first sequence of a producer it does not know")
                .isFalse();
        queue.acknowledged(first);
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).isTrue();
    }

    @Test
    void limitsBatchesInFlight() {
        brokerKnowsTheProducer();
        for (int i = 0; i < MAX_IN_FLIGHT + 1; i++) {
            sealedBatch(1);
        }
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            send();
        }
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).isFalse();
        assertThat(queue.inFlightCount()).isEqualTo(MAX_IN_FLIGHT);
    }

    @Test
    void retriesKeepTheirSequenceAndOriginalOrderAfterTheInFlightOnesAnswer() {
        brokerKnowsTheProducer();
        ProducerBatch first = sealedBatch(2);
        ProducerBatch second = sealedBatch(2);
        ProducerBatch third = sealedBatch(2);
        send();
        send();
        queue.retryLater(first);
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).as("waits for the in-flight batch").isFalse();
        queue.retryLater(second);
        assertThat(queue.peekReady()).isSameAs(first);
        assertThat(send()).isSameAs(first);
        assertThat(first.baseSequence()).isEqualTo(1);
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).as("one at a time while recovering").isFalse();
        queue.acknowledged(first);
        assertThat(send()).isSameAs(second);
        assertThat(second.baseSequence()).isEqualTo(3);
        assertThat(send()).isSameAs(third);
        assertThat(third.baseSequence()).isEqualTo(5);
    }

    @Test
    void retryWaitsForItsBackOff() {
        ProducerBatch batch = sealedBatch(1);
        send();
        batch.failedAttempt(false, 1_000);
        queue.retryLater(batch);
        assertThat(queue.canSend(999, MAX_IN_FLIGHT)).isFalse();
        assertThat(queue.canSend(1_000, MAX_IN_FLIGHT)).isTrue();
    }

    @Test
    void abandonedBatchLeavesNoSequenceGap() {
        ProducerBatch first = sealedBatch(1);
        ProducerBatch second = sealedBatch(4);
        ProducerBatch third = sealedBatch(2);
        ProducerBatch fourth = sealedBatch(1);
        send();
        queue.acknowledged(first);
        send();
        send();
        queue.abandoned(second, true);
        queue.retryLater(third);
        assertThat(third.baseSequence()).as("renumbered to follow the last written batch").isEqualTo(1);
        assertThat(send()).isSameAs(third);
        queue.acknowledged(third);
        assertThat(send()).isSameAs(fourth);
        assertThat(fourth.baseSequence()).isEqualTo(3);
    }

    @Test
    void resetStartsOverAtZeroInOrder() {
        ProducerBatch first = sealedBatch(3);
        ProducerBatch second = sealedBatch(2);
        ProducerBatch third = sealedBatch(1);
        send();
        queue.acknowledged(first);
        send();
        queue.retryLater(second);
        queue.resetSequences();
        assertThat(second.baseSequence()).isZero();
        assertThat(send()).isSameAs(second);
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).as("the new epoch is unknown to the broker").isFalse();
        queue.acknowledged(second);
        assertThat(send()).isSameAs(third);
        assertThat(third.baseSequence()).isEqualTo(2);
    }

    @Test
    void sequencesWrapPastIntMax() {
        assertThat(Sequences.add(Integer.MAX_VALUE, 1)).isZero();
        assertThat(Sequences.add(Integer.MAX_VALUE - 1, 5)).isEqualTo(3);
        assertThat(Sequences.add(7, 3)).isEqualTo(10);
    }
}
