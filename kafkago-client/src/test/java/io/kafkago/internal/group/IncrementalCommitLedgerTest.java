package io.kafkago.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.Message;
import io.kafkago.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger across incremental assignments (consumer protocol): kept partitions keep their commits. */
class IncrementalCommitLedgerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    private final CommitLedger ledger = new CommitLedger();

    @Test
    void aCommitSelectedBeforeAnEpochChangeIsSentWithTheNewEpochForThePartitionsKept() {
        Generation epoch5 = generation(5, P0, P1);
        ledger.beginGeneration(epoch5, Map.of(P0, 0L, P1, 0L));
        Message m0 = deliver(0, 3);
        Message m1 = deliver(1, 4);
        PendingCommit selected = ledger.select(List.of(m0, m1));

        Generation epoch6 = generation(6, P0);
        ledger.advance(epoch6, Map.of());
        PendingCommit sent = ledger.rebase(selected);

        assertThat(sent.generation()).isSameAs(epoch6);
        assertThat(sent.offsets()).as("P1 was revoked: its offset is left out").isEqualTo(Map.of(P0, 4L));
    }

    @Test
    void aCommitOfRevokedPartitionsOnlyIsStale() {
        ledger.beginGeneration(generation(5, P0, P1), Map.of(P0, 0L, P1, 0L));
        PendingCommit selected = ledger.select(List.of(deliver(1, 2)));
        ledger.advance(generation(6, P0), Map.of());

        assertThat(ledger.rebase(selected)).isNull();
    }

    @Test
    void aPartitionRevokedAndAssignedAgainDoesNotTakeCommitsFromBeforeItLeft() {
        ledger.beginGeneration(generation(5, P0, P1), Map.of(P0, 0L, P1, 0L));
        PendingCommit beforeItLeft = ledger.select(List.of(deliver(1, 9)));
        ledger.advance(generation(6, P0), Map.of());
        ledger.advance(generation(8, P0, P1), Map.of(P1, 20L)); // another member consumed up to 20 meanwhile

        assertThat(ledger.rebase(beforeItLeft)).as("would rewind P1 to 10").isNull();
        ledger.committed(beforeItLeft);
        assertThat(ledger.select(List.of(deliver(1, 20))).offsets()).isEqualTo(Map.of(P1, 21L));
    }

    @Test
    void keptPartitionsKeepDeliveredStashedAndCommittedOffsetsWhileAddedOnesStartFresh() {
        ledger.beginGeneration(generation(5, P0), Map.of(P0, 0L));
        deliver(0, 7);
        assertThat(ledger.stash(message(0, 7))).isTrue();
        PendingCommit early = ledger.select(List.of(message(0, 4)));
        Generation epoch6 = generation(6, P0, P2);
        ledger.advance(epoch6, Map.of(P2, 100L));

        ledger.committed(ledger.rebase(early));
        assertThat(ledger.select(List.of(message(0, 3))).isEmpty()).as("committed 5 already").isTrue();
        PendingCommit drained = ledger.drainStash();
        assertThat(drained.generation()).isSameAs(epoch6);
        assertThat(drained.offsets()).isEqualTo(Map.of(P0, 8L));
        assertThat(ledger.select(List.of(deliver(2, 100))).offsets()).isEqualTo(Map.of(P2, 101L));
        assertThat(ledger.select(List.of(message(2, 99))).skippedMessages()).as("before P2's start").isEqualTo(1);
    }

    @Test
    void aSeekMovesWhereThePartitionIsAcceptedWithoutMovingTheCommittedOffsetBack() {
        ledger.beginGeneration(generation(1, P0), Map.of(P0, 10L));
        ledger.committed(ledger.select(List.of(deliver(0, 19))));

        assertThat(ledger.seek(P0, 2)).isTrue();
        assertThat(ledger.select(List.of(message(0, 19))).skippedMessages()).as("not delivered since the seek")
                .isEqualTo(1);
        assertThat(ledger.select(List.of(deliver(0, 2))).isEmpty()).as("behind the committed 20").isTrue();
        assertThat(ledger.select(List.of(deliver(0, 20))).offsets()).isEqualTo(Map.of(P0, 21L));
        assertThat(ledger.seek(P1, 0)).as("not assigned").isFalse();
    }

    private Message deliver(int partition, long offset) {
        Message message = message(partition, offset);
        assertThat(ledger.delivered(message)).isTrue();
        return message;
    }

    private static Message message(int partition, long offset) {
        return new Message("t", partition, offset, offset + 1, null, new byte[] {1}, null, null);
    }

    private static Generation generation(int epoch, TopicPartition... assigned) {
        return new Generation(epoch, "member-1", null, List.of(assigned));
    }
}
