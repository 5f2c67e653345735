package io.kafkago.internal.writer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.ErrorCode;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The simulated partition's idempotence rules, one test per rule of {@link ProducerStateTable}. */
class ProducerStateTableTest {

    private static final long PRODUCER = 7;

    private final ProducerStateTable table = new ProducerStateTable();
    private long endOffset;

    private static IncomingBatch batch(short epoch, int baseSequence, int records) {
        return new IncomingBatch(PRODUCER, epoch, baseSequence, records - 1, Collections.nCopies(records, "v"));
    }

    /** Checks the batch and, when accepted, appends it at the end of the log as a partition would. */
    private ProducerStateTable.Decision offer(IncomingBatch batch) {
        ProducerStateTable.Decision decision = table.check(batch);
        if (decision instanceof ProducerStateTable.Accept) {
            table.appended(batch, endOffset);
            endOffset += batch.values().size();
        }
        return decision;
    }

    private static ErrorCode rejection(ProducerStateTable.Decision decision) {
        assertThat(decision).isInstanceOf(ProducerStateTable.Reject.class);
        return ((ProducerStateTable.Reject) decision).error();
    }

    @Test
    void anUnknownProducerIsAcceptedAtAnySequence() {
        assertThat(offer(batch((short) 0, 42, 3))).isInstanceOf(ProducerStateTable.Accept.class);
    }

    @Test
    void theNextSequenceOfTheSameEpochIsAccepted() {
        offer(batch((short) 0, 0, 3));
        assertThat(offer(batch((short) 0, 3, 2))).isInstanceOf(ProducerStateTable.Accept.class);
    }

    @Test
    void aGapOrAnOverlapInTheSameEpochIsOutOfOrder() {
        offer(batch((short) 0, 0, 3));
        assertThat(rejection(offer(batch((short) 0, 4, 1)))).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(rejection(offer(batch((short) 0, 2, 1)))).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void aRetryOfOneOfTheLastFiveBatchesIsADuplicateAnsweredWithItsOriginalOffset() {
        for (int i = 0; i < ProducerStateTable.RETAINED_BATCHES; i++) {
            offer(batch((short) 0, 2 * i, 2));
        }
        assertThat(offer(batch((short) 0, 0, 2))).isEqualTo(new ProducerStateTable.Duplicate(0));
        assertThat(offer(batch((short) 0, 8, 2))).isEqualTo(new ProducerStateTable.Duplicate(8));
    }

    @Test
    void aDuplicateMustMatchBothFirstAndLastSequence() {
        offer(batch((short) 0, 0, 4));
        assertThat(rejection(offer(batch((short) 0, 0, 2)))).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void aRetryOlderThanTheLastFiveBatchesIsOutOfOrder() {
        for (int i = 0; i <= ProducerStateTable.RETAINED_BATCHES; i++) {
            offer(batch((short) 0, i, 1));
        }
        assertThat(rejection(offer(batch((short) 0, 0, 1)))).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void anOlderEpochIsFenced() {
        offer(batch((short) 1, 0, 1));
        assertThat(rejection(offer(batch((short) 0, 1, 1)))).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void aNewerEpochMustStartAtSequenceZero() {
        offer(batch((short) 0, 0, 3));
        assertThat(rejection(offer(batch((short) 1, 3, 1)))).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(offer(batch((short) 1, 0, 1))).isInstanceOf(ProducerStateTable.Accept.class);
    }

    @Test
    void aNewEpochForgetsTheBatchesOfTheOldOne() {
        offer(batch((short) 0, 0, 1));
        offer(batch((short) 1, 0, 1));
        assertThat(rejection(offer(batch((short) 0, 0, 1)))).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH);
        assertThat(offer(batch((short) 1, 0, 1))).isEqualTo(new ProducerStateTable.Duplicate(1));
    }

    @Test
    void sequencesWrapFromIntMaxToZero() {
        offer(batch((short) 0, Integer.MAX_VALUE - 1, 2));
        assertThat(batch((short) 0, Integer.MAX_VALUE - 1, 3).lastSequence()).isZero();
        assertThat(offer(batch((short) 0, 0, 1))).isInstanceOf(ProducerStateTable.Accept.class);
    }

    @Test
    void aForgottenProducerIsAcceptedAtAnySequenceAndItsRetriesAreAppendedAgain() {
        offer(batch((short) 0, 0, 2));
        table.forgetAll();
        assertThat(offer(batch((short) 0, 0, 2))).isInstanceOf(ProducerStateTable.Accept.class);
    }
}
