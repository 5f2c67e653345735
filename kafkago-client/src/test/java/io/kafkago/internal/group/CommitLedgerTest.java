package io.kafkago.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.Message;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitLedgerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final CommitLedger ledger = new CommitLedger();

    @Test
    void commitsHighestDeliveredOffsetPlusOnePerPartition() {
        Generation gen = generation(1, P0, P1);
        ledger.beginGeneration(gen, Map.of(P0, 10L, P1, 0L));
        Message a = deliver("t", 0, 10);
        Message b = deliver("t", 0, 11);
        Message c = deliver("t", 1, 0);

        PendingCommit commit = ledger.select(List.of(b, a, c));

        assertThat(commit.generation()).isSameAs(gen);
        assertThat(commit.offsets()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 12L, P1, 1L));
    }

    @Test
    void messageOfEndedGenerationIsNotCommittedForPartitionNowOwnedElsewhere() {
        ledger.beginGeneration(generation(1, P0, P1), Map.of(P0, 0L, P1, 0L));
        Message fromFirstGeneration = deliver("t", 1, 5);
        ledger.endGeneration();
        ledger.beginGeneration(generation(2, P0), Map.of(P0, 0L));

        PendingCommit commit = ledger.select(List.of(fromFirstGeneration));
        assertThat(commit.isEmpty()).isTrue();
        assertThat(commit.skippedMessages()).isEqualTo(1);
    }

    @Test
    void messageOfEndedGenerationCannotRewindOrSkipAheadOfTheNewGeneration() {
        ledger.beginGeneration(generation(1, P0), Map.of(P0, 0L));
        Message early = deliver("t", 0, 3);
        Message late = deliver("t", 0, 40);
        ledger.endGeneration();
        // another member consumed up to 20 meanwhile; this generation resumes there
        ledger.beginGeneration(generation(3, P0), Map.of(P0, 20L));
        deliver("t", 0, 20);

        assertThat(ledger.select(List.of(early)).isEmpty()).as("below the new start: a rewind").isTrue();
        assertThat(ledger.select(List.of(late)).isEmpty()).as("not delivered in this generation yet").isTrue();
    }

    @Test
    void committedOffsetOnlyMovesForward() {
        Generation gen = generation(1, P0);
        ledger.beginGeneration(gen, Map.of(P0, 0L));
        Message first = deliver("t", 0, 0);
        Message second = deliver("t", 0, 1);
        ledger.committed(ledger.select(List.of(second)));

        assertThat(ledger.select(List.of(first)).isEmpty()).isTrue();
        assertThat(ledger.select(List.of(second)).isEmpty()).isTrue();
    }

    @Test
    void stashKeepsMaximumAndIsDrainedOnce() {
        ledger.beginGeneration(generation(1, P0), Map.of(P0, 0L));
        Message m5 = deliver("t", 0, 5);
        Message m3 = deliver("t", 0, 3);
        ledger.stash(ledger.select(List.of(m5)));
        ledger.stash(ledger.select(List.of(m3)));

        PendingCommit drained = ledger.drainStash();
        assertThat(drained.offsets()).containsExactlyEntriesOf(Map.of(P0, 6L));
        assertThat(drained.messages()).as("both messages are represented").isEqualTo(2);
        assertThat(ledger.drainStash().isEmpty()).isTrue();
    }

    @Test
    void stashingSingleMessagesFollowsTheSameRule() {
        ledger.beginGeneration(generation(1, P0), Map.of(P0, 0L));
        Message delivered = deliver("t", 0, 4);
        deliver("t", 0, 5);
        Message otherPartition = message("t", 1, 0);

        assertThat(ledger.stash(delivered)).isTrue();
        assertThat(ledger.stash(otherPartition)).isFalse();
        assertThat(ledger.stash(message("t", 0, 9))).as("not delivered yet").isFalse();

        PendingCommit drained = ledger.drainStash();
        assertThat(drained.offsets()).containsExactlyEntriesOf(Map.of(P0, 5L));
        assertThat(drained.messages()).isEqualTo(1);
        ledger.committed(drained);
        assertThat(ledger.stash(delivered)).as("already committed: accepted, nothing to send").isTrue();
        assertThat(ledger.drainStash().isEmpty()).isTrue();
    }

    @Test
    void endGenerationHandsBackPendingOffsetsWithTheirGenerationAndForgetsThem() {
        Generation first = generation(1, P0);
        ledger.beginGeneration(first, Map.of(P0, 0L));
        PendingCommit accepted = ledger.select(List.of(deliver("t", 0, 7)));
        ledger.stash(accepted);

        PendingCommit pending = ledger.endGeneration();
        ledger.beginGeneration(generation(2, P0), Map.of(P0, 0L));
        ledger.stash(accepted); // a late stash of the old generation's commit is ignored

        assertThat(pending.generation()).isSameAs(first);
        assertThat(pending.offsets()).containsExactlyEntriesOf(Map.of(P0, 8L));
        assertThat(ledger.drainStash().isEmpty()).isTrue();
    }

    @Test
    void partitionStartingFromTheFirstOrLastOffsetHasNothingToCommitUntilAMessageIsCommitted() {
        ledger.beginGeneration(generation(1, P0, P1), Map.of(P0, ReaderConfig.FIRST_OFFSET, P1, ReaderConfig.LAST_OFFSET));
        deliver("t", 0, 0);

        assertThat(ledger.drainStash().isEmpty()).isTrue();
        assertThat(ledger.endGeneration().isEmpty()).as("no commit of a made-up offset").isTrue();
    }

    @Test
    void lagSumsWhatIsLeftBelowEachPartitionsHighWatermark() {
        ledger.beginGeneration(generation(1, P0, P1), Map.of(P0, 0L, P1, 0L));
        assertThat(ledger.lag()).isEqualTo(-1);
        ledger.delivered(new Message("t", 0, 4, 10, null, null, null, null)); // 5..9 left: 5
        ledger.delivered(new Message("t", 1, 2, 3, null, null, null, null));  // caught up: 0
        assertThat(ledger.lag()).isEqualTo(5);
    }

    @Test
    void nothingIsSelectedBetweenGenerations() {
        assertThat(ledger.select(List.of(message("t", 0, 1)))).isNull();
        assertThat(ledger.drainStash()).isNull();
        assertThat(ledger.endGeneration()).isNull();
        assertThat(ledger.delivered(message("t", 0, 1))).isFalse();
    }

    @Test
    void deliveryOfUnassignedPartitionIsReported() {
        ledger.beginGeneration(generation(1, P0), Map.of(P0, 0L));
        assertThat(ledger.delivered(message("t", 1, 0))).isFalse();
        assertThat(ledger.delivered(message("other", 0, 0))).isFalse();
        assertThat(ledger.delivered(message("t", 0, 0))).isTrue();
    }

    @Test
    void assignedPartitionWithoutStartOffsetIsRejected() {
        assertThatThrownBy(() -> ledger.beginGeneration(generation(1, P0, P1), Map.of(P0, 0L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t-1");
    }

    private Message deliver(String topic, int partition, long offset) {
        Message message = message(topic, partition, offset);
        assertThat(ledger.delivered(message)).isTrue();
        return message;
    }

    private static Message message(String topic, int partition, long offset) {
        return new Message(topic, partition, offset, offset + 1, null, new byte[] {1}, null, null);
    }

    private static Generation generation(int id, TopicPartition... assigned) {
        return new Generation(id, "member-1", null, List.of(assigned));
    }
}
