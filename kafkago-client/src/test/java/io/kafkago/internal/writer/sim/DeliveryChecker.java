package io.kafkago.internal.writer.sim;

import io.kafkago.KafkaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds a chaos run's {@link DeliveryLedger} against the partitions' logs and lists every way the Writer broke
 * its promise:
 * <ul>
 *   <li>an acknowledged message is in its partition's log exactly once (and in no other partition);</li>
 *   <li>a failed message is in the log at most once; once means it failed although written, which the Writer
 *       may report when the outcome of an attempt is unknown: counted, not a violation (yet);</li>
 *   <li>a failure is a typed error: a subclass of {@link KafkaException}, not the bare root class;</li>
 *   <li>per partition, the acknowledged messages of one thread are in the log in the order it handed them over;</li>
 *   <li>every call ended (acknowledged or failed) within {@code callLimit}: the delivery timeout plus a margin
 *       for scheduling, a hang detector rather than a performance check;</li>
 *   <li>the log holds nothing that was never handed over.</li>
 * </ul>
 */
final class DeliveryChecker {

    /** Examples kept per kind of violation; the rest are only counted. */
    private static final int EXAMPLES_PER_KIND = 5;

    /** What the check found: violations (empty when the promise held) and a summary of the run. */
    record Report(List<String> violations, String summary) {
    }

    private record Copy(int partition, long offset, LoggedBatch batch) {

        @Override
        public String toString() {
            return partition + "@" + offset + " (producer " + batch.producerId() + " epoch " + batch.producerEpoch()
                    + " sequence " + (batch.baseSequence() + offset - batch.baseOffset()) + ")";
        }
    }

    private final Map<String, List<String>> violations = new LinkedHashMap<>();
    private final Map<String, Integer> violationCounts = new HashMap<>();

    private DeliveryChecker() {
    }

    /**
     * @param logs      each partition's batches, indexed by partition
     * @param callLimit the longest a call may take to end
     */
    static Report check(DeliveryLedger ledger, List<List<LoggedBatch>> logs, Duration callLimit) {
        return new DeliveryChecker().run(ledger, logs, callLimit);
    }

    private Report run(DeliveryLedger ledger, List<List<LoggedBatch>> logs, Duration callLimit) {
        Map<String, List<Copy>> copies = copiesByValue(logs);
        copies.keySet().stream().filter(value -> ledger.find(value) == null).forEach(value ->
                violation("in the log but never handed over", value + " at " + copies.get(value)));
        int failedButWritten = 0;
        Map<String, Integer> failureTypes = new TreeMap<>();
        for (DeliveryLedger.Delivery delivery : ledger.deliveries()) {
            List<Copy> written = copies.getOrDefault(delivery.value(), List.of());
            switch (delivery.outcome()) {
                case PENDING -> violation("never acknowledged nor failed", delivery.value());
                case ACKNOWLEDGED -> checkAcknowledged(delivery, written);
                case FAILED -> {
                    failureTypes.merge(delivery.error().getClass().getSimpleName(), 1, Integer::sum);
                    checkFailed(delivery, written);
                    if (written.size() == 1) {
                        failedButWritten++;
                    }
                }
            }
        }
        checkOrder(ledger, copies);
        List<DeliveryLedger.Call> calls = ledger.calls();
        long longest = 0;
        for (DeliveryLedger.Call call : calls) {
            longest = Math.max(longest, call.durationNanos());
            if (call.durationNanos() > callLimit.toNanos()) {
                violation("call ended after the delivery timeout (+ margin " + callLimit + ")", (call.sync() ? "sync" : "async")
                        + " call of thread " + call.thread() + " with " + call.messages() + " messages took "
                        + Duration.ofNanos(call.durationNanos()).toMillis() + " ms");
            }
        }
        return new Report(violationLines(), summary(ledger, calls, failedButWritten, failureTypes, longest));
    }

    private static Map<String, List<Copy>> copiesByValue(List<List<LoggedBatch>> logs) {
        Map<String, List<Copy>> copies = new HashMap<>();
        for (int partition = 0; partition < logs.size(); partition++) {
            for (LoggedBatch batch : logs.get(partition)) {
                for (int i = 0; i < batch.values().size(); i++) {
                    copies.computeIfAbsent(batch.values().get(i), value -> new ArrayList<>())
                            .add(new Copy(partition, batch.baseOffset() + i, batch));
                }
            }
        }
        return copies;
    }

    private void checkAcknowledged(DeliveryLedger.Delivery delivery, List<Copy> written) {
        if (written.isEmpty()) {
            violation("acknowledged but not in the log", delivery.value() + " (partition " + delivery.partition() + ")");
        } else if (written.size() > 1) {
            violation("acknowledged and written more than once", delivery.value() + " at " + written);
        } else if (written.get(0).partition() != delivery.partition()) {
            violation("written to another partition", delivery.value() + " for partition " + delivery.partition()
                    + " at " + written);
        }
    }

    private void checkFailed(DeliveryLedger.Delivery delivery, List<Copy> written) {
        if (written.size() > 1) {
            violation("failed and written more than once", delivery.value() + " at " + written);
        }
        Throwable error = delivery.error();
        if (!(error instanceof KafkaException) || error.getClass() == KafkaException.class) {
            violation("failed without a typed error", delivery.value() + ": " + error);
        }
    }

    /** Per partition and thread, the acknowledged messages' offsets must grow with their hand-over order. */
    private void checkOrder(DeliveryLedger ledger, Map<String, List<Copy>> copies) {
        Map<String, List<DeliveryLedger.Delivery>> streams = new HashMap<>();
        for (DeliveryLedger.Delivery delivery : ledger.deliveries()) {
            List<Copy> written = copies.getOrDefault(delivery.value(), List.of());
            if (delivery.outcome() == DeliveryLedger.Outcome.ACKNOWLEDGED && written.size() == 1) {
                streams.computeIfAbsent(delivery.partition() + "/" + delivery.thread(), key -> new ArrayList<>()).add(delivery);
            }
        }
        for (List<DeliveryLedger.Delivery> stream : streams.values()) {
            stream.sort(Comparator.comparingLong(DeliveryLedger.Delivery::order));
            for (int i = 1; i < stream.size(); i++) {
                Copy previous = copies.get(stream.get(i - 1).value()).get(0);
                Copy current = copies.get(stream.get(i).value()).get(0);
                if (current.offset() < previous.offset()) {
                    violation("acknowledged out of hand-over order", stream.get(i).value() + " at " + current + " before "
                            + stream.get(i - 1).value() + " at " + previous);
                }
            }
        }
    }

    private void violation(String kind, String example) {
        int count = violationCounts.merge(kind, 1, Integer::sum);
        if (count <= EXAMPLES_PER_KIND) {
            violations.computeIfAbsent(kind, key -> new ArrayList<>()).add(example);
        }
    }

    private List<String> violationLines() {
        List<String> lines = new ArrayList<>();
        violations.forEach((kind, examples) -> {
            lines.add(kind + ": " + violationCounts.get(kind) + " message(s) or call(s), e.g.");
            examples.forEach(example -> lines.add("    " + example));
        });
        return lines;
    }

    private static String summary(DeliveryLedger ledger, List<DeliveryLedger.Call> calls, int failedButWritten,
                                  Map<String, Integer> failureTypes, long longestCallNanos) {
        Map<DeliveryLedger.Outcome, Integer> outcomes = new TreeMap<>();
        ledger.deliveries().forEach(delivery -> outcomes.merge(delivery.outcome(), 1, Integer::sum));
        long syncCalls = calls.stream().filter(DeliveryLedger.Call::sync).count();
        return calls.size() + " calls (" + syncCalls + " sync, " + (calls.size() - syncCalls) + " async), "
                + ledger.deliveries().size() + " messages " + outcomes + ", failed but written: " + failedButWritten
                + ", failure types: " + failureTypes + ", longest call: "
                + Duration.ofNanos(longestCallNanos).toMillis() + " ms";
    }
}
