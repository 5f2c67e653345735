package io.kafkago.protocol.record;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.kafkago.KafkaProtocolException;

/**
 * Snappy as Kafka's Java client writes it: the xerial-snappy stream framing (an 8-byte magic
 * {@code 0x82 "SNAPPY" 0x00}, two big-endian version ints, then blocks of a big-endian int32 length
 * followed by raw snappy data for up to 32 KiB of input). Reading also accepts a bare raw snappy block
 * (no magic), as some other clients write, and concatenated framed streams.
 */
final class SnappyCodec {

    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int VERSION = 1;
    private static final int COMPATIBLE_VERSION = 1;
    private static final int HEADER_SIZE = MAGIC.length + 8;
    /** Input bytes per block; the xerial default that kafka-clients uses. */
    private static final int BLOCK_SIZE = 32 * 1024;

    private SnappyCodec() {
    }

    /** Writes the xerial framing with 32 KiB blocks. */
    static final class Compressor implements BatchCompressor {
        private final SnappyCompressor snappy = new SnappyCompressor();

        @Override
        public void compress(byte[] source, int offset, int length, ByteArrayOutput out) {
            out.ensureRoom(HEADER_SIZE);
            int at = out.size();
            byte[] array = out.array();
            System.arraycopy(MAGIC, 0, array, at, MAGIC.length);
            BigEndian.writeInt(array, at + MAGIC.length, VERSION);
            BigEndian.writeInt(array, at + MAGIC.length + 4, COMPATIBLE_VERSION);
            out.setSize(at + HEADER_SIZE);
            int end = offset + length;
            for (int block = offset; block < end; block += BLOCK_SIZE) {
                int blockLength = Math.min(BLOCK_SIZE, end - block);
                int maxCompressed = snappy.maxCompressedLength(blockLength);
                out.ensureRoom(4 + maxCompressed);
                int lengthAt = out.size();
                int written = snappy.compress(source, block, blockLength, out.array(), lengthAt + 4, maxCompressed);
                BigEndian.writeInt(out.array(), lengthAt, written);
                out.setSize(lengthAt + 4 + written);
            }
        }
    }

    /** Reads framed (one or more concatenated streams) or raw snappy. */
    static final class Decompressor implements BatchDecompressor {
        private final SnappyDecompressor snappy = new SnappyDecompressor();
        private final ByteArrayCursor header = new ByteArrayCursor();

        @Override
        public void decompress(byte[] source, int offset, int length, ByteArrayOutput out, int maxBytes) {
            int end = offset + length;
            if (!startsWithMagic(source, offset, end)) {
                decompressRaw(source, offset, length, out, maxBytes);
                return;
            }
            int position = offset;
            while (position < end) {
                if (startsWithMagic(source, position, end)) {
                    if (end - position < HEADER_SIZE) {
                        throw corrupt("stream header is truncated");
                    }
                    position += HEADER_SIZE;
                    continue;
                }
                if (end - position < 4) {
                    throw corrupt("block length is truncated");
                }
                int blockLength = BigEndian.readInt(source, position);
                position += 4;
                if (blockLength < 0 || blockLength > end - position) {
                    throw corrupt("block length " + blockLength + " exceeds the " + (end - position)
                        + " bytes that remain");
                }
                decompressRaw(source, position, blockLength, out, maxBytes);
                position += blockLength;
            }
        }

        private void decompressRaw(byte[] source, int offset, int length, ByteArrayOutput out, int maxBytes) {
            // The block starts with its uncompressed length: checked before anything is allocated.
            header.reset(source, offset, offset + length);
            int uncompressedLength = header.readUnsignedVarint();
            if (uncompressedLength < 0) {
                throw corrupt("block claims a negative length");
            }
            out.ensureRoomWithin(uncompressedLength, maxBytes, "snappy");
            int written = snappy.decompress(source, offset, length, out.array(), out.size(), uncompressedLength);
            if (written != uncompressedLength) {
                throw corrupt("block decompressed to " + written + " bytes, its header says " + uncompressedLength);
            }
            out.setSize(out.size() + written);
        }
    }

    private static boolean startsWithMagic(byte[] source, int position, int end) {
        if (end - position < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (source[position + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static KafkaProtocolException corrupt(String why) {
        return new KafkaProtocolException("corrupt snappy data in record batch: " + why);
    }
}
