package io.kafkago.internal.writer;

/**
 * Arithmetic on idempotent-producer sequence numbers. They are non-negative int32 values that
 * wrap from {@link Integer#MAX_VALUE} back to 0, as the broker expects.
 */
final class Sequences {

    private Sequences() {
    }

    /** {@code sequence + count}, wrapping past {@link Integer#MAX_VALUE} to 0. */
    static int add(int sequence, int count) {
        if (sequence < 0 || count < 0) {
            throw new IllegalArgumentException("sequence and count must not be negative: " + sequence + ", " + count);
        }
        long sum = (long) sequence + count;
        return (int) (sum % ((long) Integer.MAX_VALUE + 1));
    }
}
