package io.kafkago.protocol.record;

import io.kafkago.KafkaProtocolException;
import java.util.function.Supplier;

/**
 * A record batch compression codec, identified by the id stored in bits 0-2 of the batch
 * attributes. Every codec is pure Java (no native libraries). The public
 * {@code io.kafkago.Compression} enum maps onto these ids.
 */
public final class CompressionCodec {

    /** Attributes id: no compression. */
    public static final int NONE = 0;
    /** Attributes id: a gzip stream. */
    public static final int GZIP = 1;
    /** Attributes id: snappy (xerial framing when written; framed or raw when read). */
    public static final int SNAPPY = 2;
    /** Attributes id: the LZ4 frame format. */
    public static final int LZ4 = 3;
    /** Attributes id: zstandard frames. */
    public static final int ZSTD = 4;

    private static final CompressionCodec[] BY_ID = {
        new CompressionCodec(NONE, "none", null, null),
        new CompressionCodec(GZIP, "gzip", GzipCodec.Compressor::new, GzipCodec.Decompressor::new),
        new CompressionCodec(SNAPPY, "snappy", SnappyCodec.Compressor::new, SnappyCodec.Decompressor::new),
        new CompressionCodec(LZ4, "lz4", Lz4FrameCodec.Compressor::new, Lz4FrameCodec.Decompressor::new),
        new CompressionCodec(ZSTD, "zstd", ZstdCodec.Compressor::new, ZstdCodec.Decompressor::new),
    };

    private final int id;
    private final String name;
    private final Supplier<BatchCompressor> compressors;
    private final Supplier<BatchDecompressor> decompressors;

    private CompressionCodec(int id, String name, Supplier<BatchCompressor> compressors,
                             Supplier<BatchDecompressor> decompressors) {
        this.id = id;
        this.name = name;
        this.compressors = compressors;
        this.decompressors = decompressors;
    }

    /**
     * The codec with this attributes id.
     *
     * @throws KafkaProtocolException when no codec has that id (ids come off the wire)
     */
    public static CompressionCodec forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new KafkaProtocolException("unknown compression codec id " + id + " (known: 0 to 4)");
        }
        return BY_ID[id];
    }

    /** The attributes id (0 to 4). */
    public int id() {
        return id;
    }

    /** Lower-case name as Kafka's {@code compression.type} spells it. */
    public String name() {
        return name;
    }

    /** Whether batches with this codec carry their records compressed. */
    public boolean compresses() {
        return id != NONE;
    }

    BatchCompressor newCompressor() {
        if (compressors == null) {
            throw new IllegalStateException("codec " + name + " does not compress");
        }
        return compressors.get();
    }

    BatchDecompressor newDecompressor() {
        if (decompressors == null) {
            throw new IllegalStateException("codec " + name + " does not decompress");
        }
        return decompressors.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
