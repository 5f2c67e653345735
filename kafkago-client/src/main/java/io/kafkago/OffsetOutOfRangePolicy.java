package io.kafkago;

/**
 * What a {@code Reader} does when its offset is no longer (or not yet) in the partition, for
 * example after retention deleted the committed position.
 */
public enum OffsetOutOfRangePolicy {
    /** Go to {@code ReaderConfig.startOffset()}: the first or the last offset (the default). */
    RESET_TO_START_OFFSET,
    /** Go to the first offset still in the partition, reading everything that is left. */
    RESET_TO_FIRST,
    /** Go to the end of the partition, skipping to new messages. */
    RESET_TO_LAST,
    /** Fail the read with an error so the application decides. */
    FAIL
}
