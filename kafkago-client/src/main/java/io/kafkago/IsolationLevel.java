package io.kafkago;

/**
 * Which records a fetch may return with respect to transactions. {@link #id()} is the
 * {@code IsolationLevel} field of Fetch and ListOffsets requests.
 */
public enum IsolationLevel {
    /** Every record up to the high watermark, including records of open or aborted transactions. */
    READ_UNCOMMITTED((byte) 0),
    /** Only records up to the last stable offset; records of aborted transactions are dropped. */
    READ_COMMITTED((byte) 1);

    private final byte id;

    IsolationLevel(byte id) {
        this.id = id;
    }

    /** The wire value: 0 or 1. */
    public byte id() {
        return id;
    }
}
