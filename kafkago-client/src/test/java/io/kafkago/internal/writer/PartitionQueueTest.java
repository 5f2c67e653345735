package io.kafkago.internal.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.kafkago.KafkaBrokerException;
import io.kafkago.KafkaConnectionException;
import io.kafkago.Message;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartitionQueueTest {

    private static final int MAX_IN_FLIGHT = 5;
    private static final long PRODUCER_ID = 42;

    private final PartitionQueue queue = new PartitionQueue("t", 0);
    private final PendingWrite write = new PendingWrite(new Message[100], 0, (w, f) -> { });
    private long ordinal;
    private int nextIndex;

    @BeforeEach
    void numberWithTheFirstEpoch() {
        assertThat(queue.hasProducerId()).isFalse();
        assertThat(queue.startSequences(PRODUCER_ID, (short) 0)).isEmpty();
    }

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

    private static void lostConnection(ProducerBatch batch) {
        batch.failedAttempt(new KafkaConnectionException("reset"), true);
    }

    private static void refused(ProducerBatch batch) {
        batch.failedAttempt(new KafkaBrokerException(ErrorCode.MESSAGE_TOO_LARGE, "produce"), false);
    }

    @Test
    void sequencesStartAtZeroAndGrowByRecordCount() {
        ProducerBatch first = sealedBatch(3);
        ProducerBatch second = sealedBatch(2);
        ProducerBatch third = sealedBatch(1);
        assertThat(send()).isSameAs(first);
        queue.acknowledged(first);
        assertThat(send()).isSameAs(second);
        assertThat(send()).isSameAs(third);
        assertThat(first.baseSequence()).isZero();
        assertThat(second.baseSequence()).isEqualTo(3);
        assertThat(third.baseSequence()).isEqualTo(5);
        assertThat(third.producerId()).isEqualTo(PRODUCER_ID);
        assertThat(third.epoch()).isZero();
    }

    @Test
    void knowsWhetherEarlierBatchesAreStillPending() {
        ProducerBatch first = sealedBatch(1);
        ProducerBatch second = sealedBatch(1);
        queue.acknowledged(send());
        ProducerBatch sentSecond = send();
        ProducerBatch third = sealedBatch(1);
        ProducerBatch sentThird = send();
        assertThat(sentSecond).isSameAs(second);
        assertThat(queue.isOldestPending(second)).isTrue();
        assertThat(queue.isOldestPending(third)).as("the second is unanswered").isFalse();
        queue.acknowledged(second);
        assertThat(queue.isOldestPending(sentThird)).isTrue();
        assertThat(first.isDone()).isFalse();
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
        batch.retryAt(1_000);
        queue.retryLater(batch);
        assertThat(queue.canSend(999, MAX_IN_FLIGHT)).isFalse();
        assertThat(queue.canSend(1_000, MAX_IN_FLIGHT)).isTrue();
    }

    /** The lost-acknowledgement case: a batch that may be in the log never passes its numbers on. */
    @Test
    void batchThatMayHaveBeenWrittenKeepsItsSequenceTakenWhenItGivesUp() {
        brokerKnowsTheProducer();
        ProducerBatch maybeWritten = sealedBatch(31);
        send();
        lostConnection(maybeWritten);
        queue.gaveUp(maybeWritten, false);
        ProducerBatch next = sealedBatch(31);
        assertThat(send()).isSameAs(next);
        assertThat(next.baseSequence()).as("after the sequences the failed batch took").isEqualTo(32);
    }

    @Test
    void batchCertainlyNotWrittenMakesThePartitionStartOverUnderANewEpoch() {
        brokerKnowsTheProducer();
        ProducerBatch refused = sealedBatch(4);
        ProducerBatch sentAlongside = sealedBatch(2);
        ProducerBatch waiting = sealedBatch(1);
        assertThat(send()).isSameAs(refused);
        assertThat(send()).isSameAs(sentAlongside);
        refused(refused);
        queue.gaveUp(refused, true);
        assertThat(queue.isResetDue()).as("waits for the batch still in flight").isFalse();
        assertThat(queue.canSend(0, MAX_IN_FLIGHT)).isFalse();
        sentAlongside.failedAttempt(new KafkaBrokerException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "produce"), false);
        queue.retryLater(sentAlongside);
        assertThat(queue.isResetDue()).isTrue();
        assertThat(queue.startSequences(PRODUCER_ID, (short) 1)).isEmpty();
        assertThat(send()).isSameAs(sentAlongside);
        assertThat(sentAlongside.baseSequence()).isZero();
        assertThat(sentAlongside.epoch()).isEqualTo((short) 1);
        queue.acknowledged(sentAlongside);
        assertThat(send()).isSameAs(waiting);
        assertThat(waiting.baseSequence()).isEqualTo(2);
    }

    @Test
    void newEpochStrandsBatchesThatMayAlreadyBeInTheLog() {
        brokerKnowsTheProducer();
        ProducerBatch timedOut = sealedBatch(2);
        ProducerBatch neverSent = sealedBatch(3);
        send();
        lostConnection(timedOut);
        queue.retryLater(timedOut);
        queue.requestReset(ErrorCode.UNKNOWN_PRODUCER_ID);
        assertThat(queue.isResetDue()).isTrue();
        assertThat(queue.startSequences(PRODUCER_ID, (short) 1)).containsExactly(timedOut);
        assertThat(send()).isSameAs(neverSent);
        assertThat(neverSent.baseSequence()).isZero();
        assertThat(neverSent.epoch()).isEqualTo((short) 1);
        assertThatIllegalStateException().isThrownBy(timedOut::clearSequence);
    }

    @Test
    void newEpochOnlyWithNothingInFlight() {
        sealedBatch(1);
        send();
        queue.requestReset(ErrorCode.UNKNOWN_PRODUCER_ID);
        assertThat(queue.isResetDue()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> queue.startSequences(PRODUCER_ID, (short) 1));
    }

    @Test
    void sequencesWrapPastIntMax() {
        assertThat(Sequences.add(Integer.MAX_VALUE, 1)).isZero();
        assertThat(Sequences.add(Integer.MAX_VALUE - 1, 5)).isEqualTo(3);
        assertThat(Sequences.add(7, 3)).isEqualTo(10);
    }
}
