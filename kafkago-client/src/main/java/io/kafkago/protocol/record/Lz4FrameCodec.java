package io.kafkago.protocol.record;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.kafkago.KafkaProtocolException;

/**
 * The LZ4 frame format (magic {@code 0x184D2204}) as Kafka's Java client writes it: version 1,
 * independent blocks of at most 64 KiB, no block or content checksums, no content size, and a
 * header checksum that is the second byte of the xxHash32 of the frame descriptor. Reading also
 * accepts block checksums, content checksums, a content size and larger blocks; dependent blocks
 * and dictionaries are rejected, as Kafka does.
 */
final class Lz4FrameCodec {

    private static final int MAGIC = 0x184D2204;
    private static final int VERSION = 1;
    private static final int FLAG_INDEPENDENT_BLOCKS = 1 << 5;
    private static final int FLAG_BLOCK_CHECKSUM = 1 << 4;
    private static final int FLAG_CONTENT_SIZE = 1 << 3;
    private static final int FLAG_CONTENT_CHECKSUM = 1 << 2;
    private static final int FLAG_RESERVED = 0b11;
    private static final int BLOCK_SIZE_64KB_CODE = 4;
    private static final int UNCOMPRESSED_BLOCK_BIT = 0x80000000;
    /** FLG byte kafka-clients writes: version 01, independent blocks, nothing else. */
    private static final byte WRITTEN_FLG = (byte) (VERSION << 6 | FLAG_INDEPENDENT_BLOCKS);
    /** BD byte for 64 KiB blocks. */
    private static final byte WRITTEN_BD = (byte) (BLOCK_SIZE_64KB_CODE << 4);
    private static final int WRITTEN_BLOCK_SIZE = 64 * 1024;

    private Lz4FrameCodec() {
    }

    /** Writes one frame of 64 KiB blocks, storing a block raw when compression does not shrink it. */
    static final class Compressor implements BatchCompressor {
        private final Lz4Compressor lz4 = new Lz4Compressor();

        @Override
        public void compress(byte[] source, int offset, int length, ByteArrayOutput out) {
            out.ensureRoom(7);
            int at = out.size();
            byte[] array = out.array();
            LittleEndian.writeInt(array, at, MAGIC);
            array[at + 4] = WRITTEN_FLG;
            array[at + 5] = WRITTEN_BD;
            array[at + 6] = headerChecksum(array, at + 4, 2);
            out.setSize(at + 7);
            int end = offset + length;
            for (int block = offset; block < end; block += WRITTEN_BLOCK_SIZE) {
                int blockLength = Math.min(WRITTEN_BLOCK_SIZE, end - block);
                int maxCompressed = lz4.maxCompressedLength(blockLength);
                out.ensureRoom(4 + Math.max(maxCompressed, blockLength));
                int lengthAt = out.size();
                int written = lz4.compress(source, block, blockLength, out.array(), lengthAt + 4, maxCompressed);
                if (written >= blockLength) {
                    System.arraycopy(source, block, out.array(), lengthAt + 4, blockLength);
                    LittleEndian.writeInt(out.array(), lengthAt, blockLength | UNCOMPRESSED_BLOCK_BIT);
                    written = blockLength;
                } else {
                    LittleEndian.writeInt(out.array(), lengthAt, written);
                }
                out.setSize(lengthAt + 4 + written);
            }
            out.ensureRoom(4);
            LittleEndian.writeInt(out.array(), out.size(), 0); // end mark
            out.setSize(out.size() + 4);
        }
    }

    /** Reads one or more concatenated frames. */
    static final class Decompressor implements BatchDecompressor {
        private final Lz4Decompressor lz4 = new Lz4Decompressor();

        @Override
        public void decompress(byte[] source, int offset, int length, ByteArrayOutput out, int maxBytes) {
            int position = offset;
            int end = offset + length;
            do {
                position = decompressFrame(source, position, end, out, maxBytes);
            } while (position < end);
        }

        private int decompressFrame(byte[] source, int position, int end, ByteArrayOutput out, int maxBytes) {
            if (end - position < 7) {
                throw corrupt("frame header is truncated");
            }
            if (LittleEndian.readInt(source, position) != MAGIC) {
                throw corrupt("bad frame magic");
            }
            int descriptorStart = position + 4;
            int flags = source[descriptorStart] & 0xff;
            int blockDescriptor = source[descriptorStart + 1] & 0xff;
            if (flags >>> 6 != VERSION) {
                throw corrupt("unsupported frame version " + (flags >>> 6));
            }
            if ((flags & FLAG_INDEPENDENT_BLOCKS) == 0) {
                throw corrupt("dependent blocks are not supported");
            }
            if ((flags & FLAG_RESERVED) != 0 || (blockDescriptor & 0x8f) != 0) {
                throw corrupt("reserved descriptor bits are set (dictionaries are not supported)");
            }
            int blockSizeCode = (blockDescriptor >>> 4) & 7;
            if (blockSizeCode < 4) {
                throw corrupt("invalid block size code " + blockSizeCode);
            }
            int maxBlockSize = 1 << (2 * blockSizeCode + 8);
            int descriptorLength = (flags & FLAG_CONTENT_SIZE) != 0 ? 10 : 2;
            if (end - descriptorStart < descriptorLength + 1) {
                throw corrupt("frame header is truncated");
            }
            if (source[descriptorStart + descriptorLength] != headerChecksum(source, descriptorStart, descriptorLength)) {
                throw corrupt("frame header checksum mismatch");
            }
            if ((flags & FLAG_CONTENT_SIZE) != 0) {
                long contentSize = LittleEndian.readLong(source, descriptorStart + 2);
                if (contentSize < 0 || contentSize > maxBytes - out.size()) {
                    throw ByteArrayOutput.limitExceeded("lz4", maxBytes);
                }
            }
            position = descriptorStart + descriptorLength + 1;
            boolean blockChecksums = (flags & FLAG_BLOCK_CHECKSUM) != 0;
            int frameStart = out.size();
            while (true) {
                if (end - position < 4) {
                    throw corrupt("block header is truncated");
                }
                int header = LittleEndian.readInt(source, position);
                position += 4;
                if (header == 0) {
                    break;
                }
                int blockLength = header & ~UNCOMPRESSED_BLOCK_BIT;
                if (blockLength > maxBlockSize || blockLength > end - position) {
                    throw corrupt("block of " + blockLength + " bytes exceeds the frame's limit or the input");
                }
                if (blockChecksums) {
                    if (end - position - blockLength < 4) {
                        throw corrupt("block checksum is truncated");
                    }
                    if (LittleEndian.readInt(source, position + blockLength) != XxHash32.hash(source, position, blockLength, 0)) {
                        throw corrupt("block checksum mismatch");
                    }
                }
                if ((header & UNCOMPRESSED_BLOCK_BIT) != 0) {
                    out.ensureRoomWithin(blockLength, maxBytes, "lz4");
                    System.arraycopy(source, position, out.array(), out.size(), blockLength);
                    out.setSize(out.size() + blockLength);
                } else {
                    decompressBlock(source, position, blockLength, out, maxBytes, maxBlockSize);
                }
                position += blockLength + (blockChecksums ? 4 : 0);
            }
            if ((flags & FLAG_CONTENT_CHECKSUM) != 0) {
                if (end - position < 4) {
                    throw corrupt("content checksum is truncated");
                }
                int expected = XxHash32.hash(out.array(), frameStart, out.size() - frameStart, 0);
                if (LittleEndian.readInt(source, position) != expected) {
                    throw corrupt("content checksum mismatch");
                }
                position += 4;
            }
            return position;
        }

        private void decompressBlock(byte[] source, int position, int blockLength, ByteArrayOutput out,
                                     int maxBytes, int maxBlockSize) {
            int room = Math.min(maxBlockSize, maxBytes - out.size());
            if (room <= 0) {
                throw ByteArrayOutput.limitExceeded("lz4", maxBytes);
            }
            out.ensureRoomWithin(room, maxBytes, "lz4");
            int written;
            try {
                written = lz4.decompress(source, position, blockLength, out.array(), out.size(), room);
            } catch (RuntimeException e) {
                if (room < maxBlockSize) {
                    throw new KafkaProtocolException("lz4 block is corrupt or decompresses past the limit of "
                        + maxBytes + " bytes", e);
                }
                throw new KafkaProtocolException("corrupt lz4 data in record batch: " + e.getMessage(), e);
            }
            out.setSize(out.size() + written);
        }
    }

    /** The frame descriptor checksum: bits 8-15 of xxHash32 (seed 0) over the descriptor bytes. */
    private static byte headerChecksum(byte[] array, int offset, int length) {
        return (byte) (XxHash32.hash(array, offset, length, 0) >>> 8);
    }

    private static KafkaProtocolException corrupt(String why) {
        return new KafkaProtocolException("corrupt lz4 data in record batch: " + why);
    }
}
