package io.kafkago.test.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeliveryCheckerTest {

    private final DeliveryChecker checker = DeliveryChecker.readingValues();

    private static DeliveredRecord at(int partition, long offset, String id) {
        return new DeliveredRecord(id, partition, offset);
    }

    private void acknowledge(String... ids) {
        for (String id : ids) {
            checker.acknowledged(id);
        }
    }

    @Test
    void idsCountUpPerProducer() {
        assertThat(checker.nextId("a")).isEqualTo("a:0");
        assertThat(checker.nextId("a")).isEqualTo("a:1");
        assertThat(checker.nextId("b")).isEqualTo("b:0");
        assertThat(checker.nextId("host:7")).isEqualTo("host:7:0");
    }

    @Test
    void idsAndRecordingAreThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        String id = checker.nextId("shared");
                        ids.add(id);
                        checker.acknowledged(id);
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(4000);
        assertThat(checker.acknowledgedCount()).isEqualTo(4000);
        assertThat(ids).contains("shared:0", "shared:3999");
    }

    @Test
    void everyAcknowledgedIdOnceAndInOrderIsClean() {
        acknowledge("a:0", "a:1", "b:0", "a:2");
        DeliveryReport report = checker.check(List.of(at(0, 0, "a:0"), at(0, 1, "b:0"), at(1, 0, "a:1"),
                at(0, 2, "a:2")));

        assertThat(report.isClean()).isTrue();
        report.assertClean();
        assertThat(report.acknowledged()).isEqualTo(4);
        assertThat(report.recordsRead()).isEqualTo(4);
        assertThat(report.toString()).startsWith("lost=0 duplicated=0 reordered=0 acknowledged=4 failedButPresent=0");
    }

    @Test
    void anAcknowledgedIdMissingIsLost() {
        acknowledge("a:0", "a:1", "a:10", "a:2");
        checker.failed("a:3");
        DeliveryReport report = checker.check(List.of(at(0, 0, "a:0"), at(0, 1, "a:2")));

        assertThat(report.lost()).containsExactly("a:1", "a:10");
        assertThat(report.duplicated()).isEmpty();
        assertThat(report.toString()).startsWith("lost=2 duplicated=0 reordered=0 acknowledged=4 failedButPresent=0")
                .contains("lost: a:1; a:10");
        assertThatThrownBy(report::assertNoLossNoDuplicates).isInstanceOf(AssertionError.class)
                .hasMessageContaining("lost=2").hasMessageContaining("a:10");
    }

    @Test
    void anIdPresentTwiceIsDuplicatedWithEveryPlaceItWasFound() {
        acknowledge("a:0", "a:1");
        DeliveryReport report = checker.check(List.of(at(0, 5, "a:1"), at(0, 0, "a:0"), at(0, 1, "a:1")));

        assertThat(report.duplicated()).containsOnlyKeys("a:1");
        assertThat(report.duplicated().get("a:1")).containsExactly(at(0, 1, "a:1"), at(0, 5, "a:1"));
        assertThat(report.reordered()).as("a duplicate is not also a reordering").isEmpty();
        assertThat(report.toString()).contains("duplicated: a:1 at 0@1, 0@5");
        assertThatThrownBy(report::assertNoLossNoDuplicates).isInstanceOf(AssertionError.class)
                .hasMessageContaining("duplicated=1");
    }

    @Test
    void aLowerSequenceAfterAHigherOneInTheSamePartitionIsReordered() {
        acknowledge("a:0", "a:1", "a:2", "b:0");
        DeliveryReport report = checker.check(List.of(at(0, 0, "a:0"), at(0, 1, "a:2"), at(0, 2, "b:0"),
                at(0, 3, "a:1")));

        assertThat(report.reordered()).containsExactly(
                new DeliveryReport.Reordering(at(0, 3, "a:1"), at(0, 1, "a:2")));
        report.assertNoLossNoDuplicates();
        assertThatThrownBy(report::assertClean).isInstanceOf(AssertionError.class)
                .hasMessageContaining("reordered=1")
                .hasMessageContaining("a:1 at partition 0 offset 3 after a:2 at partition 0 offset 1");
    }

    @Test
    void orderIsOnlyComparedWithinAPartition() {
        acknowledge("a:0", "a:1", "a:2");
        DeliveryReport report = checker.check(List.of(at(0, 0, "a:2"), at(1, 0, "a:0"), at(1, 1, "a:1")));

        assertThat(report.reordered()).isEmpty();
        assertThat(report.isClean()).isTrue();
    }

    @Test
    void failedButPresentUnconfirmedAndUnidentifiedRecordsAreCountedNotFaulted() {
        acknowledge("a:0");
        checker.failed("a:1");
        checker.failed("a:2");
        DeliveryReport report = checker.check(List.of(at(0, 0, "a:0"), at(0, 1, "a:1"), at(0, 2, "a:3"),
                at(0, 3, null)));

        assertThat(report.failedButPresent()).containsExactly("a:1");
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.unconfirmed()).isEqualTo(1);
        assertThat(report.unidentified()).isEqualTo(1);
        assertThat(report.isClean()).isTrue();
        assertThat(report.toString()).startsWith("lost=0 duplicated=0 reordered=0 acknowledged=1 failedButPresent=1");
    }

    @Test
    void idsOfAnotherFormAreCheckedForLossAndDuplicatesButNotOrder() {
        acknowledge("order-7f3a", "order-09bc", "order-5");
        DeliveryReport report = checker.check(List.of(at(0, 0, "order-7f3a"), at(0, 1, "order-09bc"),
                at(0, 2, "order-7f3a")));

        assertThat(report.lost()).containsExactly("order-5");
        assertThat(report.duplicated()).containsOnlyKeys("order-7f3a");
        assertThat(report.reordered()).isEmpty();
    }

    @Test
    void theReportShowsAFewExamplesOfEachFinding() {
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> "a:" + i).collect(Collectors.toList());
        ids.forEach(checker::acknowledged);
        DeliveryReport report = checker.check(Collections.emptyList());

        assertThat(report.lost()).hasSize(20).startsWith("a:0", "a:1", "a:2");
        assertThat(report.toString()).contains("lost: a:0; a:1; a:2; a:3; a:4; ...").doesNotContain("a:5");
    }

    @Test
    void aHeaderCheckerSaysWhereItReadsIds() {
        assertThat(DeliveryChecker.readingHeader("delivery-id").idHeader()).isEqualTo("delivery-id");
        assertThat(checker.idHeader()).isNull();
    }
}
