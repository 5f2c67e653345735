package io.kafkago;

/** What the offset given to {@code Conn.seek(long, SeekMode)} is relative to. */
public enum SeekMode {
    /** The offset is an absolute partition offset. */
    ABSOLUTE,
    /** The offset is relative to the first offset still in the partition. */
    START,
    /** The offset is relative to the partition's end (the next offset to be written). */
    END,
    /** The offset is relative to the connection's current offset. */
    CURRENT
}
