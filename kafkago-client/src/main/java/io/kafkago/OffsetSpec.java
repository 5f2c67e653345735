package io.kafkago;

import java.time.Instant;
import java.util.Objects;

/**
 * Which offset {@link Client#listOffsets} looks up for a partition: the earliest, the latest, or
 * the first with a timestamp at or after a given time.
 *
 * @param timestamp milliseconds since the epoch, or -2 (earliest) / -1 (latest)
 */
public record OffsetSpec(long timestamp) {

    /** The first offset still in the partition. */
    public static final OffsetSpec EARLIEST = new OffsetSpec(-2);
    /** The offset the next message will get. */
    public static final OffsetSpec LATEST = new OffsetSpec(-1);

    /** Validates the timestamp. */
    public OffsetSpec {
        if (timestamp < -2) {
            throw new IllegalArgumentException("timestamp must be -2, -1 or a time, got " + timestamp);
        }
    }

    /** The first offset whose message is at or after {@code time}. */
    public static OffsetSpec at(Instant time) {
        return new OffsetSpec(Objects.requireNonNull(time, "time").toEpochMilli());
    }
}
