package io.kafkago;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a UTF-8 key and an optional byte value.
 *
 * <p>Like {@link Message}, a header does not copy the array it is given: whoever builds it hands
 * the array over and must not change it afterwards, and {@link #value()} returns that same array,
 * which callers must treat as read-only. This keeps the per-record path free of copies.
 *
 * @param key   header key, never null (may be empty)
 * @param value header value, or null
 */
public record Header(String key, byte[] value) {

    /** Checks that the key is present. */
    public Header {
        Objects.requireNonNull(key, "header key must not be null");
    }

    /** A header whose value is the UTF-8 encoding of {@code value} (null stays null). */
    public static Header of(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value decoded as UTF-8, or null when the value is null. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Headers are equal when their keys and value contents are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Header that && key.equals(that.key) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    /** Shows the key and the value's size, not its content (values may be sensitive). */
    @Override
    public String toString() {
        return "Header[key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
