package io.kafkago.protocol.record;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.kafkago.KafkaProtocolException;

/**
 * Zstandard frames through aircompressor. Frames written by zstd-jni's streaming API (what
 * kafka-clients uses) carry no content size, so before decompressing, the frames are walked block
 * by block to bound the output: the decompressor then writes straight into an array of that bound
 * (capped by the caller's limit), with no intermediate window buffer.
 */
final class ZstdCodec {

    private static final int FRAME_MAGIC = 0xFD2FB528;
    private static final int SKIPPABLE_MAGIC_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int MAX_BLOCK_SIZE = 128 * 1024;
    private static final int BLOCK_RAW = 0;
    private static final int BLOCK_RLE = 1;
    private static final int BLOCK_RESERVED = 3;

    private ZstdCodec() {
    }

    /** Writes one frame (with its content size) at aircompressor's default level. */
    static final class Compressor implements BatchCompressor {
        private final ZstdCompressor zstd = new ZstdCompressor();

        @Override
        public void compress(byte[] source, int offset, int length, ByteArrayOutput out) {
            int maxCompressed = zstd.maxCompressedLength(length);
            out.ensureRoom(maxCompressed);
            int written = zstd.compress(source, offset, length, out.array(), out.size(), maxCompressed);
            out.setSize(out.size() + written);
        }
    }

    /** Reads one or more concatenated frames (skippable frames are skipped). */
    static final class Decompressor implements BatchDecompressor {
        private final ZstdDecompressor zstd = new ZstdDecompressor();

        @Override
        public void decompress(byte[] source, int offset, int length, ByteArrayOutput out, int maxBytes) {
            long bound = decompressedSizeBound(source, offset, offset + length);
            int available = maxBytes - out.size();
            int room = (int) Math.min(bound, available);
            out.ensureRoomWithin(room, maxBytes, "zstd");
            int written;
            try {
                written = zstd.decompress(source, offset, length, out.array(), out.size(), room);
            } catch (RuntimeException e) {
                if (bound > available) {
                    throw new KafkaProtocolException("zstd data is corrupt or decompresses past the limit of "
                        + maxBytes + " bytes", e);
                }
                throw new KafkaProtocolException("corrupt zstd data in record batch: " + e.getMessage(), e);
            }
            out.setSize(out.size() + written);
        }
    }

    /**
     * An upper bound of what the frames in {@code source[position, end)} decompress to: the sum of
     * their blocks' largest possible output, or a frame's declared content size when smaller.
     * Checks that frames and blocks fit the input.
     */
    static long decompressedSizeBound(byte[] source, int position, int end) {
        long bound = 0;
        while (position < end) {
            if (end - position < 4) {
                throw corrupt("frame magic is truncated");
            }
            int magic = LittleEndian.readInt(source, position);
            position += 4;
            if ((magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_MAGIC) {
                if (end - position < 4) {
                    throw corrupt("skippable frame is truncated");
                }
                long skip = LittleEndian.readInt(source, position) & 0xffffffffL;
                if (skip > end - position - 4) {
                    throw corrupt("skippable frame is truncated");
                }
                position += 4 + (int) skip;
                continue;
            }
            if (magic != FRAME_MAGIC) {
                throw corrupt("bad frame magic");
            }
            if (position >= end) {
                throw corrupt("frame header is truncated");
            }
            int descriptor = source[position++] & 0xff;
            int contentSizeFlag = descriptor >>> 6;
            boolean singleSegment = (descriptor & 0x20) != 0;
            boolean checksum = (descriptor & 0x04) != 0;
            int dictionaryIdSize = (1 << (descriptor & 3)) >>> 1;     // 0, 1, 2, 4
            int contentSizeSize = contentSizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << contentSizeFlag;
            int headerRest = (singleSegment ? 0 : 1) + dictionaryIdSize + contentSizeSize;
            if (end - position < headerRest) {
                throw corrupt("frame header is truncated");
            }
            int contentSizeAt = position + headerRest - contentSizeSize;
            long contentSize = readContentSize(source, contentSizeAt, contentSizeSize);
            position += headerRest;

            long blocksBound = 0;
            boolean lastBlock;
            do {
                if (end - position < 3) {
                    throw corrupt("block header is truncated");
                }
                int header = (source[position] & 0xff) | (source[position + 1] & 0xff) << 8
                    | (source[position + 2] & 0xff) << 16;
                position += 3;
                lastBlock = (header & 1) != 0;
                int type = (header >>> 1) & 3;
                int size = header >>> 3;
                if (type == BLOCK_RESERVED || size > MAX_BLOCK_SIZE) {
                    throw corrupt("invalid block header");
                }
                int stored = type == BLOCK_RLE ? 1 : size;
                if (stored > end - position) {
                    throw corrupt("block is truncated");
                }
                position += stored;
                blocksBound += type == BLOCK_RAW || type == BLOCK_RLE ? size : MAX_BLOCK_SIZE;
            } while (!lastBlock);
            if (checksum) {
                if (end - position < 4) {
                    throw corrupt("frame checksum is truncated");
                }
                position += 4;
            }
            bound += contentSize >= 0 ? Math.min(contentSize, blocksBound) : blocksBound;
            if (bound < 0) {
                bound = Long.MAX_VALUE;
            }
        }
        return bound;
    }

    private static long readContentSize(byte[] source, int at, int size) {
        switch (size) {
            case 0:
                return -1;
            case 1:
                return source[at] & 0xff;
            case 2:
                return LittleEndian.readUnsignedShort(source, at) + 256L;
            case 4:
                return LittleEndian.readInt(source, at) & 0xffffffffL;
            default:
                long value = LittleEndian.readLong(source, at);
                return value < 0 ? Long.MAX_VALUE : value;
        }
    }

    private static KafkaProtocolException corrupt(String why) {
        return new KafkaProtocolException("corrupt zstd data in record batch: " + why);
    }
}
