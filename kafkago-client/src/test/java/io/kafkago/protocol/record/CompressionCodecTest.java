package io.kafkago.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import io.kafkago.KafkaProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/** Each codec on its own: round trips, streams other libraries write, corruption and bombs. */
class CompressionCodecTest {

    private static final int LIMIT = 1 << 20;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void roundTripsAcrossBlockBoundaries(int codecId) {
        SplittableRandom random = new SplittableRandom(codecId);
        for (int size : new int[] {0, 1, 100, 32 * 1024, 32 * 1024 + 1, 64 * 1024, 64 * 1024 + 1, 128 * 1024 + 7, 700_000}) {
            byte[] data = mixed(random, size);
            assertThat(decompress(codecId, compress(codecId, data), LIMIT)).as("size %d", size).isEqualTo(data);
        }
    }

    @Test
    void xxHash32MatchesReferenceVectorsAndLz4Java() {
        assertThat(XxHash32.hash(new byte[0], 0, 0, 0)).isEqualTo(0x02CC5D05);
        assertThat(XxHash32.hash("a".getBytes(StandardCharsets.US_ASCII), 0, 1, 0)).isEqualTo(0x550D7456);
        assertThat(XxHash32.hash("abc".getBytes(StandardCharsets.US_ASCII), 0, 3, 0)).isEqualTo(0x32D153FF);
        SplittableRandom random = new SplittableRandom(3);
        var reference = XXHashFactory.safeInstance().hash32();
        for (int length = 0; length < 200; length++) {
            byte[] data = bytes(random, length + 3);
            int seed = random.nextInt();
            assertThat(XxHash32.hash(data, 3, length, seed)).isEqualTo(reference.hash(data, 3, length, seed));
        }
    }

    @Test
    void readsLz4FramesWithChecksumsContentSizeAndLargeBlocks() throws IOException {
        byte[] data = mixed(new SplittableRandom(5), 600_000);
        for (BLOCKSIZE blockSize : BLOCKSIZE.values()) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = new LZ4FrameOutputStream(sink, blockSize, data.length, Bits.BLOCK_INDEPENDENCE,
                Bits.BLOCK_CHECKSUM, Bits.CONTENT_CHECKSUM, Bits.CONTENT_SIZE)) {
                out.write(data);
            }
            assertThat(decompress(CompressionCodec.LZ4, sink.toByteArray(), LIMIT)).isEqualTo(data);
        }
        byte[] ours = compress(CompressionCodec.LZ4, data);
        assertThat(new LZ4FrameInputStream(new ByteArrayInputStream(ours)).readAllBytes()).isEqualTo(data);
    }

    @Test
    void lz4ChecksumMismatchesAreCorruption() throws IOException {
        byte[] data = mixed(new SplittableRandom(6), 10_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(sink, BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE,
            Bits.BLOCK_CHECKSUM, Bits.CONTENT_CHECKSUM)) {
            out.write(data);
        }
        byte[] frame = sink.toByteArray();
        for (int at : new int[] {6, 20, frame.length - 6, frame.length - 1}) {
            byte[] corrupt = frame.clone();
            corrupt[at] ^= 0x40;
            assertThatThrownBy(() -> decompress(CompressionCodec.LZ4, corrupt, LIMIT))
                .as("flip at %d", at).isInstanceOf(KafkaProtocolException.class);
        }
    }

    @Test
    void lz4DependentBlocksAreRejected() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(sink, BLOCKSIZE.SIZE_64KB)) {
            out.write(new byte[10]);
        }
        byte[] frame = sink.toByteArray();
        frame[4] &= ~0x20; // clear "independent blocks"
        frame[6] = (byte) (XxHash32.hash(frame, 4, 2, 0) >>> 8);
        assertThatThrownBy(() -> decompress(CompressionCodec.LZ4, frame, LIMIT))
            .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("dependent");
    }

    @Test
    void readsXerialFramedRawAndConcatenatedSnappy() throws IOException {
        byte[] data = mixed(new SplittableRandom(7), 100_000);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (OutputStream out = new SnappyOutputStream(framed)) {
            out.write(data);
        }
        assertThat(decompress(CompressionCodec.SNAPPY, framed.toByteArray(), LIMIT)).isEqualTo(data);
        assertThat(decompress(CompressionCodec.SNAPPY, Snappy.compress(data), LIMIT)).isEqualTo(data);
        byte[] twice = concat(framed.toByteArray(), framed.toByteArray());
        assertThat(decompress(CompressionCodec.SNAPPY, twice, LIMIT)).isEqualTo(concat(data, data));
        byte[] ours = compress(CompressionCodec.SNAPPY, data);
        assertThat(new SnappyInputStream(new ByteArrayInputStream(ours)).readAllBytes()).isEqualTo(data);
    }

    @Test
    void readsZstdFramesWithAndWithoutContentSizeAndConcatenated() throws IOException {
        byte[] data = mixed(new SplittableRandom(8), 900_000);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStream(streamed, 3)) {
            out.write(data);
        }
        assertThat(Zstd.getFrameContentSize(streamed.toByteArray())).isLessThanOrEqualTo(0);
        assertThat(decompress(CompressionCodec.ZSTD, streamed.toByteArray(), LIMIT)).isEqualTo(data);
        byte[] oneShot = Zstd.compress(data, 19);
        assertThat(decompress(CompressionCodec.ZSTD, oneShot, LIMIT)).isEqualTo(data);
        byte[] small = Zstd.compress("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(decompress(CompressionCodec.ZSTD, concat(small, small), LIMIT))
            .isEqualTo("hellohello".getBytes(StandardCharsets.US_ASCII));
        assertThat(Zstd.decompress(compress(CompressionCodec.ZSTD, data), data.length)).isEqualTo(data);
    }

    @Test
    void readsGzipWithOptionalHeaderFieldsAndSeveralMembers() throws IOException {
        byte[] data = mixed(new SplittableRandom(9), 50_000);
        byte[] plain = gzip(data);
        assertThat(decompress(CompressionCodec.GZIP, plain, LIMIT)).isEqualTo(data);
        // Same member with FNAME and FCOMMENT set: "a\0" and "bc\0" inserted after the fixed header.
        byte[] named = concat(Arrays.copyOf(plain, 10), new byte[] {'a', 0, 'b', 'c', 0},
            Arrays.copyOfRange(plain, 10, plain.length));
        named[3] = 0x18;
        assertThat(decompress(CompressionCodec.GZIP, named, LIMIT)).isEqualTo(data);
        assertThat(decompress(CompressionCodec.GZIP, concat(plain, gzip(new byte[] {1, 2})), LIMIT))
            .isEqualTo(concat(data, new byte[] {1, 2}));
    }

    @Test
    void gzipTrailerMismatchIsCorruption() throws IOException {
        byte[] member = gzip("payload".getBytes(StandardCharsets.US_ASCII));
        member[member.length - 8] ^= 1;
        assertThatThrownBy(() -> decompress(CompressionCodec.GZIP, member, LIMIT))
            .isInstanceOf(KafkaProtocolException.class).hasMessageContaining("CRC32");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void compressionBombsHitTheLimitWithoutAllocatingPastIt(int codecId) {
        byte[] zeros = new byte[16 << 20];
        byte[] bomb = compress(codecId, zeros);
        assertThat(bomb.length).isLessThan(zeros.length / 20);
        ByteArrayOutput out = new ByteArrayOutput(16);
        assertThatThrownBy(() -> CompressionCodec.forId(codecId).newDecompressor()
            .decompress(bomb, 0, bomb.length, out, LIMIT))
            .isInstanceOf(KafkaProtocolException.class);
        assertThat(out.array().length).isLessThanOrEqualTo(LIMIT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void truncatedStreamsAreCorruption(int codecId) {
        byte[] whole = compress(codecId, mixed(new SplittableRandom(codecId), 5_000));
        for (int cut : new int[] {1, whole.length / 2, whole.length - 1}) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> decompress(codecId, truncated, LIMIT)).as("cut at %d", cut)
                .isInstanceOf(KafkaProtocolException.class);
        }
    }

    @Test
    void unknownCodecIdIsAProtocolError() {
        assertThatThrownBy(() -> CompressionCodec.forId(5)).isInstanceOf(KafkaProtocolException.class);
        assertThat(CompressionCodec.forId(CompressionCodec.ZSTD).name()).isEqualTo("zstd");
        assertThat(CompressionCodec.forId(CompressionCodec.NONE).compresses()).isFalse();
    }

    static byte[] compress(int codecId, byte[] data) {
        ByteArrayOutput out = new ByteArrayOutput(16);
        CompressionCodec.forId(codecId).newCompressor().compress(data, 0, data.length, out);
        return Arrays.copyOf(out.array(), out.size());
    }

    static byte[] decompress(int codecId, byte[] data, int limit) {
        ByteArrayOutput out = new ByteArrayOutput(16);
        CompressionCodec.forId(codecId).newDecompressor().decompress(data, 0, data.length, out, limit);
        return Arrays.copyOf(out.array(), out.size());
    }

    /** Half random, half repetitive text: compressible, but not trivially. */
    static byte[] mixed(SplittableRandom random, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (i / 64) % 2 == 0 ? (byte) random.nextInt(256) : (byte) ('a' + i % 13);
        }
        return data;
    }

    static byte[] bytes(SplittableRandom random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(sink)) {
            out.write(data);
        }
        return sink.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
