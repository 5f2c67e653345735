package io.kafkago;

/**
 * How many replicas must have a write before the broker answers a produce request.
 * {@link #value()} is the {@code acks} field of the Produce request.
 */
public enum RequiredAcks {
    /** The broker does not answer at all: fastest, and writes may be lost silently. */
    NONE((short) 0),
    /** The partition leader has the write: lost if the leader fails before replicating it. */
    ONE((short) 1),
    /** Every in-sync replica has the write: the safe choice and the one idempotence requires. */
    ALL((short) -1);

    private final short value;

    RequiredAcks(short value) {
        this.value = value;
    }

    /** The wire value: 0, 1 or -1. */
    public short value() {
        return value;
    }

    /**
     * The constant for a wire value.
     *
     * @throws IllegalArgumentException for values other than 0, 1 and -1
     */
    public static RequiredAcks fromValue(int value) {
        return switch (value) {
            case 0 -> NONE;
            case 1 -> ONE;
            case -1 -> ALL;
            default -> throw new IllegalArgumentException("required acks must be 0, 1 or -1, got " + value);
        };
    }
}
