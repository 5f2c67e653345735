package io.kafkago.spring.listener;

import java.util.Locale;

/** Where a consumer group with no committed offset starts reading: the oldest or the newest message. */
public enum StartOffset {

    /** The oldest message still in the partition. */
    FIRST,
    /** Only messages written after the group joined. */
    LAST;

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
