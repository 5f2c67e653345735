package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;

/**
 * A read position over {@code array[position, limit)} that decodes the varints of a record batch
 * (and of snappy block headers). Records are parsed through it instead of through a
 * {@code ByteBuffer}: plain array reads with one bounds check per byte are what makes per-record
 * decoding cheap. Reading past {@code limit} throws {@link KafkaProtocolException}.
 */
final class ByteArrayCursor {

    byte[] array = new byte[0];
    int position;
    int limit;

    void reset(byte[] array, int position, int limit) {
        this.array = array;
        this.position = position;
        this.limit = limit;
    }

    int remaining() {
        return limit - position;
    }

    byte readByte() {
        int at = position;
        if (at >= limit) {
            throw endedEarly();
        }
        position = at + 1;
        return array[at];
    }

    /** A zig-zag varint of at most 5 bytes. */
    int readVarint() {
        int raw = readUnsignedVarint();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** An unsigned varint of at most 5 bytes. Single-byte values, the common case, take the short path. */
    int readUnsignedVarint() {
        int at = position;
        if (at < limit) {
            byte b = array[at];
            if (b >= 0) {
                position = at + 1;
                return b;
            }
        }
        return readLongerUnsignedVarint();
    }

    private int readLongerUnsignedVarint() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = readByte();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new KafkaProtocolException("varint longer than 5 bytes");
    }

    /** A zig-zag varlong of at most 10 bytes. */
    long readVarlong() {
        int at = position;
        if (at < limit) {
            byte b = array[at];
            if (b >= 0) {
                position = at + 1;
                return (b >>> 1) ^ -(b & 1);
            }
        }
        return readLongerVarlong();
    }

    private long readLongerVarlong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = readByte();
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new KafkaProtocolException("varlong longer than 10 bytes");
    }

    private KafkaProtocolException endedEarly() {
        return new KafkaProtocolException("input ends inside a field (" + remaining() + " bytes left)");
    }
}
