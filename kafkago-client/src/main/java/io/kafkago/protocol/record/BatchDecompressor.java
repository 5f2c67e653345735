package io.kafkago.protocol.record;

/**
 * Decompresses the records section of one batch. Instances keep scratch state between calls, so
 * each reader owns its own; not thread-safe.
 */
interface BatchDecompressor {

    /**
     * Appends the decompressed form of {@code source[offset, offset+length)} to {@code out}.
     *
     * @param maxBytes the most bytes {@code out} may hold afterwards; more is a decompression bomb
     * @throws io.kafkago.KafkaProtocolException when the input is malformed or decompresses past {@code maxBytes}
     */
    void decompress(byte[] source, int offset, int length, ByteArrayOutput out, int maxBytes);
}
