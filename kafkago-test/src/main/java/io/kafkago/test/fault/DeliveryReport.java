package io.kafkago.test.fault;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a {@link DeliveryChecker} found in a topic, compared with what the test recorded as acknowledged and failed.
 *
 * <ul>
 *   <li><b>lost</b>: acknowledged, but not in the topic;</li>
 *   <li><b>duplicated</b>: in the topic more than once;</li>
 *   <li><b>reordered</b>: within one partition, a producer's sequence number lower than that of the producer's
 *       previous record (first occurrences only, so a duplicate is not also a reordering);</li>
 *   <li><b>failed but present</b>: reported failed to the application, yet written: allowed (the failure was
 *       ambiguous), but worth knowing;</li>
 *   <li><b>unconfirmed</b>: present, neither acknowledged nor failed (in flight when the test stopped recording);
 *       <b>unidentified</b>: records without an id.</li>
 * </ul>
 */
public final class DeliveryReport {

    /** Examples per finding that {@link #toString()} shows. */
    public static final int EXAMPLES = 5;

    /**
     * A record that came after a record of the same producer with a higher sequence number, in the same partition.
     *
     * @param record the out-of-order record
     * @param after the producer's previous record in the partition
     */
    public record Reordering(DeliveredRecord record, DeliveredRecord after) {

        @Override
        public String toString() {
            return record + " after " + after;
        }
    }

    private final String topic;
    private final int acknowledged;
    private final int failed;
    private final long recordsRead;
    private final List<String> lost;
    private final Map<String, List<DeliveredRecord>> duplicated;
    private final List<Reordering> reordered;
    private final List<String> failedButPresent;
    private final int unconfirmed;
    private final int unidentified;

    DeliveryReport(String topic, int acknowledged, int failed, long recordsRead, List<String> lost,
            Map<String, List<DeliveredRecord>> duplicated, List<Reordering> reordered, List<String> failedButPresent,
            int unconfirmed, int unidentified) {
        this.topic = topic;
        this.acknowledged = acknowledged;
        this.failed = failed;
        this.recordsRead = recordsRead;
        this.lost = List.copyOf(lost);
        this.duplicated = Collections.unmodifiableMap(new LinkedHashMap<>(duplicated));
        this.reordered = List.copyOf(reordered);
        this.failedButPresent = List.copyOf(failedButPresent);
        this.unconfirmed = unconfirmed;
        this.unidentified = unidentified;
    }

    /** The topic checked, or null when the records were handed to {@link DeliveryChecker#check(Collection)}. */
    public String topic() {
        return topic;
    }

    /** Ids recorded as acknowledged. */
    public int acknowledged() {
        return acknowledged;
    }

    /** Ids recorded as failed. */
    public int failed() {
        return failed;
    }

    /** Records read from the topic. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Acknowledged ids missing from the topic, by producer and sequence. */
    public List<String> lost() {
        return lost;
    }

    /** Ids found more than once, each with every place it was found, in partition and offset order. */
    public Map<String, List<DeliveredRecord>> duplicated() {
        return duplicated;
    }

    /** Records out of their producer's order within a partition. */
    public List<Reordering> reordered() {
        return reordered;
    }

    /** Ids recorded as failed that are in the topic anyway. */
    public List<String> failedButPresent() {
        return failedButPresent;
    }

    /** Records whose id was neither acknowledged nor failed. */
    public int unconfirmed() {
        return unconfirmed;
    }

    /** Records without an id. */
    public int unidentified() {
        return unidentified;
    }

    /** No loss, no duplicate, no reordering. */
    public boolean isClean() {
        return lost.isEmpty() && duplicated.isEmpty() && reordered.isEmpty();
    }

    /**
     * The at-least-once-and-at-most-once check: every acknowledged message is there, and nothing is there twice.
     *
     * @throws AssertionError with this report if a message was lost or duplicated
     */
    public void assertNoLossNoDuplicates() {
        if (!lost.isEmpty() || !duplicated.isEmpty()) {
            throw new AssertionError("Messages lost or duplicated: " + this);
        }
    }

    /**
     * {@link #assertNoLossNoDuplicates()} and, in addition, each producer's order kept within every partition.
     *
     * @throws AssertionError with this report otherwise
     */
    public void assertClean() {
        if (!isClean()) {
            throw new AssertionError("Messages lost, duplicated or reordered: " + this);
        }
    }

    /** The counts, then up to {@link #EXAMPLES} examples of each finding. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append("lost=").append(lost.size())
                .append(" duplicated=").append(duplicated.size())
                .append(" reordered=").append(reordered.size())
                .append(" acknowledged=").append(acknowledged)
                .append(" failedButPresent=").append(failedButPresent.size())
                .append(" (").append(topic == null ? "" : "topic " + topic + ", ")
                .append(recordsRead).append(" records read, ")
                .append(failed).append(" failed, ")
                .append(unconfirmed).append(" unconfirmed, ")
                .append(unidentified).append(" without id)");
        examples(text, "lost", lost.stream());
        examples(text, "duplicated", duplicated.entrySet().stream().map(e -> e.getKey() + " at " + e.getValue()
                .stream().map(r -> r.partition() + "@" + r.offset()).collect(Collectors.joining(", "))));
        examples(text, "reordered", reordered.stream());
        examples(text, "failedButPresent", failedButPresent.stream());
        return text.toString();
    }

    private static void examples(StringBuilder text, String finding, Stream<?> items) {
        List<String> shown = items.limit(EXAMPLES + 1).map(Object::toString).collect(Collectors.toList());
        if (shown.isEmpty()) {
            return;
        }
        text.append("; ").append(finding).append(": ")
                .append(String.join("; ", shown.subList(0, Math.min(EXAMPLES, shown.size()))));
        if (shown.size() > EXAMPLES) {
            text.append("; ...");
        }
    }
}
