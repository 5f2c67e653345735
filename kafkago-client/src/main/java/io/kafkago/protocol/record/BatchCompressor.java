package io.kafkago.protocol.record;

/**
 * Compresses the records section of one batch. Instances keep scratch state between calls, so each
 * builder owns its own; not thread-safe.
 */
interface BatchCompressor {

    /** Appends the compressed form of {@code source[offset, offset+length)} to {@code out}. */
    void compress(byte[] source, int offset, int length, ByteArrayOutput out);
}
