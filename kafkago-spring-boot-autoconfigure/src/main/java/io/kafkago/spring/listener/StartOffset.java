package io.kafkago.spring.listener;

import io.kafkago.ReaderConfig;
import java.util.Locale;

/** Where a consumer group with no committed offset starts reading: the oldest or the newest message. */
public enum StartOffset {

    /** The oldest message still in the partition. */
    FIRST(ReaderConfig.FIRST_OFFSET),
    /** Only messages written after the group joined. */
    LAST(ReaderConfig.LAST_OFFSET);

    private final long readerOffset;

    StartOffset(long readerOffset) {
        this.readerOffset = readerOffset;
    }

    /** The value {@code ReaderConfig.Builder.startOffset} takes: {@code FIRST_OFFSET} or {@code LAST_OFFSET}. */
    public long readerOffset() {
        return readerOffset;
    }

    /**
     * The start offset for {@code ReaderConfig.FIRST_OFFSET} or {@code ReaderConfig.LAST_OFFSET}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static StartOffset ofReaderOffset(long readerOffset) {
        for (StartOffset candidate : values()) {
            if (candidate.readerOffset == readerOffset) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("not a start offset: " + readerOffset);
    }

    /**
     * Parses {@code first} or {@code last}, ignoring case.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static StartOffset parse(String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "first" -> FIRST;
            case "last" -> LAST;
            default -> throw new IllegalArgumentException("start offset must be 'first' or 'last', was '" + text + "'");
        };
    }
}
