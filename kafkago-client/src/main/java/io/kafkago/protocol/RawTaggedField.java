package io.kafkago.protocol;

import java.util.Arrays;

/**
 * A tagged field whose tag this version of kafkago does not know: kept as raw bytes so that a message
 * read and written again carries it unchanged.
 *
 * @param tag  the field's tag
 * @param data the field's encoded value (not copied; treat as read-only)
 */
public record RawTaggedField(int tag, byte[] data) {

    /** Checks the tag and data. */
    public RawTaggedField {
        if (tag < 0) {
            throw new IllegalArgumentException("tag must be >= 0, was " + tag);
        }
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
    }

    @Override
    public boolean equals(Object object) {
        return object instanceof RawTaggedField other && tag == other.tag && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", bytes=" + data.length + ")";
    }
}
