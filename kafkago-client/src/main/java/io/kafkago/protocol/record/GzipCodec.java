package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * gzip (RFC 1952) on top of the JDK's {@link Deflater}/{@link Inflater}, reused across batches: the
 * member header and trailer are written and checked here instead of through
 * {@code GZIPOutputStream}/{@code GZIPInputStream}, which would allocate buffers and a native
 * zlib stream per batch.
 */
final class GzipCodec {

    private static final int MAGIC_1 = 0x1f;
    private static final int MAGIC_2 = 0x8b;
    private static final int METHOD_DEFLATE = 8;
    private static final int FLAG_HEADER_CRC = 0x02;
    private static final int FLAG_EXTRA = 0x04;
    private static final int FLAG_NAME = 0x08;
    private static final int FLAG_COMMENT = 0x10;
    private static final int FIXED_HEADER_SIZE = 10;
    private static final int TRAILER_SIZE = 8;
    private static final int OS_UNKNOWN = 0xff;

    private GzipCodec() {
    }

    /** Writes one gzip member at the default deflate level. */
    static final class Compressor implements BatchCompressor {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private final CRC32 crc = new CRC32();

        @Override
        public void compress(byte[] source, int offset, int length, ByteArrayOutput out) {
            out.ensureRoom(FIXED_HEADER_SIZE);
            byte[] header = out.array();
            int at = out.size();
            header[at] = (byte) MAGIC_1;
            header[at + 1] = (byte) MAGIC_2;
            header[at + 2] = METHOD_DEFLATE;
            for (int i = 3; i < 9; i++) {
                header[at + i] = 0; // flags, mtime (unknown), extra flags
            }
            header[at + 9] = (byte) OS_UNKNOWN;
            out.setSize(at + FIXED_HEADER_SIZE);

            deflater.reset();
            deflater.setInput(source, offset, length);
            deflater.finish();
            while (!deflater.finished()) {
                out.ensureRoom(Math.max(64, length >>> 2));
                byte[] array = out.array();
                int n = deflater.deflate(array, out.size(), array.length - out.size());
                out.setSize(out.size() + n);
            }
            crc.reset();
            crc.update(source, offset, length);
            out.ensureRoom(TRAILER_SIZE);
            int end = out.size();
            LittleEndian.writeInt(out.array(), end, (int) crc.getValue());
            LittleEndian.writeInt(out.array(), end + 4, length);
            out.setSize(end + TRAILER_SIZE);
        }
    }

    /** Reads one or more concatenated gzip members, checking each trailer's CRC32 and size. */
    static final class Decompressor implements BatchDecompressor {
        private final Inflater inflater = new Inflater(true);
        private final CRC32 crc = new CRC32();

        @Override
        public void decompress(byte[] source, int offset, int length, ByteArrayOutput out, int maxBytes) {
            int position = offset;
            int end = offset + length;
            do {
                position = skipHeader(source, position, end);
                int memberStart = out.size();
                position = inflateMember(source, position, end, out, maxBytes);
                if (end - position < TRAILER_SIZE) {
                    throw corrupt("member ends without its trailer");
                }
                int memberLength = out.size() - memberStart;
                crc.reset();
                crc.update(out.array(), memberStart, memberLength);
                if (LittleEndian.readInt(source, position) != (int) crc.getValue()) {
                    throw corrupt("CRC32 of the decompressed data does not match the trailer");
                }
                if (LittleEndian.readInt(source, position + 4) != memberLength) {
                    throw corrupt("decompressed size does not match the trailer");
                }
                position += TRAILER_SIZE;
            } while (position < end);
        }

        private int inflateMember(byte[] source, int position, int end, ByteArrayOutput out, int maxBytes) {
            inflater.reset();
            inflater.setInput(source, position, end - position);
            try {
                while (!inflater.finished()) {
                    int room = Math.min(maxBytes - out.size(), Math.max(4096, out.array().length - out.size()));
                    if (room <= 0) {
                        if (inflater.inflate(new byte[1]) > 0) {
                            throw ByteArrayOutput.limitExceeded("gzip", maxBytes);
                        }
                        break;
                    }
                    out.ensureRoomWithin(room, maxBytes, "gzip");
                    int n = inflater.inflate(out.array(), out.size(), room);
                    out.setSize(out.size() + n);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw corrupt("deflate stream is truncated");
                    }
                }
            } catch (DataFormatException e) {
                throw new KafkaProtocolException("corrupt gzip data in record batch: " + e.getMessage(), e);
            }
            if (!inflater.finished()) {
                throw corrupt("deflate stream is truncated");
            }
            return end - inflater.getRemaining();
        }

        private static int skipHeader(byte[] source, int position, int end) {
            if (end - position < FIXED_HEADER_SIZE) {
                throw corrupt("member header is truncated");
            }
            if ((source[position] & 0xff) != MAGIC_1 || (source[position + 1] & 0xff) != MAGIC_2) {
                throw corrupt("bad magic");
            }
            if (source[position + 2] != METHOD_DEFLATE) {
                throw corrupt("unsupported compression method " + source[position + 2]);
            }
            int flags = source[position + 3] & 0xff;
            position += FIXED_HEADER_SIZE;
            if ((flags & FLAG_EXTRA) != 0) {
                if (end - position < 2) {
                    throw corrupt("extra field is truncated");
                }
                int extraLength = LittleEndian.readUnsignedShort(source, position);
                position += 2 + extraLength;
            }
            if ((flags & FLAG_NAME) != 0) {
                position = skipZeroTerminated(source, position, end);
            }
            if ((flags & FLAG_COMMENT) != 0) {
                position = skipZeroTerminated(source, position, end);
            }
            if ((flags & FLAG_HEADER_CRC) != 0) {
                position += 2;
            }
            if (position > end) {
                throw corrupt("member header is truncated");
            }
            return position;
        }

        private static int skipZeroTerminated(byte[] source, int position, int end) {
            while (position < end) {
                if (source[position++] == 0) {
                    return position;
                }
            }
            throw corrupt("member header is truncated");
        }
    }

    private static KafkaProtocolException corrupt(String why) {
        return new KafkaProtocolException("corrupt gzip data in record batch: " + why);
    }
}
