package io.kafkago;

/**
 * Compression codec of a record batch. The {@link #id()} is the value stored in bits 0-2 of a
 * record batch's attributes, so it is what goes on the wire.
 */
public enum Compression {
    /** No compression. */
    NONE(0),
    /** A standard gzip stream. */
    GZIP(1),
    /** Snappy (read framed and raw; written with the framing the Java client uses). */
    SNAPPY(2),
    /** The LZ4 frame format. */
    LZ4(3),
    /** Zstandard frames. */
    ZSTD(4);

    private static final Compression[] BY_ID = values();

    private final int id;

    Compression(int id) {
        this.id = id;
    }

    /** The codec id used in record batch attributes (0 to 4). */
    public int id() {
        return id;
    }

    /**
     * The codec for an attributes id.
     *
     * @throws KafkaProtocolException when the id names no known codec
     */
    public static Compression fromId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new KafkaProtocolException("unknown compression codec id " + id + " (known: 0 to 4)");
        }
        return BY_ID[id];
    }
}
