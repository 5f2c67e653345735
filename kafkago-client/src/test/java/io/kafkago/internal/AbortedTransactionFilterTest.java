package io.kafkago.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbortedTransactionFilterTest {

    private static final long P1 = 1001;
    private static final long P2 = 1002;

    private final AbortedTransactionFilter filter = new AbortedTransactionFilter();

    @Test
    void withoutAbortedTransactionsNothingIsSkipped() {
        filter.reset(new long[0], new long[0], 0);
        assertThat(filter.skipsDataBatch(10, P1, true)).isFalse();
        assertThat(filter.skipsDataBatch(20, -1, false)).isFalse();
    }

    @Test
    void skipsAbortedProducerUntilItsAbortMarkerAndKeepsOthers() {
        // P1: aborted transaction at offsets 0..1 (marker at 2), then a committed one at 5..6 (marker 7)
        // P2: committed transaction interleaved at 3 (marker 4)
        filter.reset(new long[] {P1}, new long[] {0}, 1);

        assertThat(filter.skipsDataBatch(1, P1, true)).as("aborted data of P1").isTrue();
        filter.controlBatch(2, P1, true);
        assertThat(filter.skipsDataBatch(3, P2, true)).as("P2 committed data").isFalse();
        filter.controlBatch(4, P2, false);
        assertThat(filter.skipsDataBatch(6, P1, true)).as("P1's next transaction").isFalse();
        filter.controlBatch(7, P1, false);
    }

    @Test
    void abortIsOnlyAdmittedOnceTheDataReachesItsFirstOffset() {
        // P1's committed transaction 0..1 (marker 2), then an aborted one from offset 10
        filter.reset(new long[] {P1}, new long[] {10}, 1);

        assertThat(filter.skipsDataBatch(1, P1, true)).isFalse();
        filter.controlBatch(2, P1, false);
        assertThat(filter.skipsDataBatch(12, P1, true)).isTrue();
        filter.controlBatch(13, P1, true);
        assertThat(filter.skipsDataBatch(20, P1, true)).isFalse();
    }

    @Test
    void nonTransactionalBatchOfAnAbortedProducerIdIsKept() {
        filter.reset(new long[] {P1}, new long[] {0}, 1);
        assertThat(filter.skipsDataBatch(5, P1, false)).isFalse();
    }

    @Test
    void abortedTransactionsMayArriveUnsortedAndFilterIsReusable() {
        filter.reset(new long[] {P2, P1}, new long[] {8, 0}, 2);
        assertThat(filter.skipsDataBatch(3, P1, true)).isTrue();
        assertThat(filter.skipsDataBatch(4, P2, true)).as("P2's abort starts at 8").isFalse();
        assertThat(filter.skipsDataBatch(9, P2, true)).isTrue();

        filter.reset(new long[0], new long[0], 0);
        assertThat(filter.skipsDataBatch(3, P1, true)).as("state does not leak across partitions").isFalse();
    }
}
