package io.kafkago.internal.writer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated partition's log and its guard against forgetting producers while an answer may be missing. */
class SimulatedPartitionTest {

    private final SimulatedPartition partition = new SimulatedPartition("t", 0, 0);

    private static IncomingBatch batch(int baseSequence, String... values) {
        return new IncomingBatch(1, (short) 0, baseSequence, values.length - 1, List.of(values));
    }

    @Test
    void appendsGetConsecutiveOffsetsAndADuplicateGetsItsOriginalOne() {
        assertThat(partition.append(batch(0, "a", "b"))).isEqualTo(new SimulatedPartition.AppendResult(ErrorCode.NONE, 0));
        assertThat(partition.append(batch(2, "c"))).isEqualTo(new SimulatedPartition.AppendResult(ErrorCode.NONE, 2));
        assertThat(partition.append(batch(0, "a", "b"))).isEqualTo(new SimulatedPartition.AppendResult(ErrorCode.NONE, 0));

        assertThat(partition.values()).containsExactly("a", "b", "c");
        assertThat(partition.duplicatesAnswered()).isEqualTo(1);
    }

    @Test
    void aRejectedBatchIsNotAppended() {
        partition.append(batch(0, "a"));

        assertThat(partition.append(batch(5, "b")).error()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(partition.values()).containsExactly("a");
    }

    @Test
    void producersAreForgottenOnlyOnceEveryAppendWasConfirmedToTheClient() {
        long offset = partition.append(batch(0, "a")).baseOffset();

        assertThat(partition.forgetProducersIfSettled()).isFalse();
        partition.confirmed(offset);
        assertThat(partition.forgetProducersIfSettled()).isTrue();
        assertThat(partition.producerStateLosses()).isEqualTo(1);
        assertThat(partition.append(batch(0, "a")).baseOffset()).as("no longer known as a duplicate").isEqualTo(1);
    }
}
