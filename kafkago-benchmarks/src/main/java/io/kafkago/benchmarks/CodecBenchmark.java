package io.kafkago.benchmarks;

import io.kafkago.protocol.record.CompressionCodec;
import io.kafkago.protocol.record.RecordBatchBuilder;
import io.kafkago.protocol.record.RecordBatchReader;
import io.kafkago.protocol.record.RecordBatchView;
import io.kafkago.protocol.record.RecordBatches;
import io.kafkago.protocol.record.RecordView;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding one record batch of {@link #RECORDS} records with {@value #VALUE_SIZE}-byte
 * values, by kafkago and by kafka-clients, each used the way its producer and consumer use it:
 * encoders write into a buffer reused across batches; decoders check the CRC and copy every value
 * out to a {@code byte[]} (what a byte-array deserializer or {@code Message} needs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {

    /** Records per batch. */
    public static final int RECORDS = 1_000;
    /** Bytes per value; records have no key and no headers. */
    public static final int VALUE_SIZE = 100;

    /** Codec name as Kafka spells it: none, gzip, snappy, lz4, zstd. */
    @Param({"none"})
    public String compression;

    private byte[][] values;
    private long timestamp;
    private CompressionCodec codec;
    private Compression kafkaCompression;

    private RecordBatchBuilder builder;
    private ByteBuffer ourTarget;
    private RecordBatchReader reader;
    private ByteBuffer ourBatch;

    private ByteBuffer theirTarget;
    private BufferSupplier decompressionBuffers;
    private ByteBuffer theirBatch;

    /** Builds the values once and encodes one batch with each client, the input of the decode benchmarks. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2024);
        String template = "{\"id\":\"order-17\",\"cents\":4200,\"note\":\"gift\"}";
        values = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            values[i] = new byte[VALUE_SIZE];
            for (int b = 0; b < VALUE_SIZE; b++) {
                // JSON-ish text: compressible like typical payloads, not trivially so.
                values[i][b] = (byte) (b % 10 == 0 ? random.nextInt(32, 127) : template.charAt(b % template.length()));
            }
        }
        timestamp = 1_700_000_000_000L;
        CompressionType type = CompressionType.forName(compression);
        codec = CompressionCodec.forId(type.id);
        kafkaCompression = Compression.of(type).build();

        builder = new RecordBatchBuilder();
        ourTarget = ByteBuffer.allocate(RECORDS * (VALUE_SIZE + 16) + 1024);
        reader = new RecordBatchReader();
        theirTarget = ByteBuffer.allocate(RECORDS * (VALUE_SIZE + 16) + 1024);
        decompressionBuffers = BufferSupplier.create();

        kafkagoEncode();
        ourBatch = copy(ourTarget.flip());
        theirBatch = copy(kafkaClientsEncode().buffer());
    }

    /** Encodes the records into one batch with kafkago's builder, reusing its buffers. */
    @Benchmark
    public int kafkagoEncode() {
        builder.reset(codec);
        for (byte[] value : values) {
            builder.append(timestamp, null, value);
        }
        ourTarget.clear();
        return builder.writeTo(ourTarget, RecordBatches.NO_PRODUCER_ID, RecordBatches.NO_PRODUCER_EPOCH,
            RecordBatches.NO_SEQUENCE, false);
    }

    /** Encodes the same records with kafka-clients' MemoryRecordsBuilder. */
    @Benchmark
    public MemoryRecords kafkaClientsEncode() {
        theirTarget.clear();
        MemoryRecordsBuilder records = MemoryRecords.builder(theirTarget, kafkaCompression, TimestampType.CREATE_TIME, 0L);
        for (byte[] value : values) {
            records.append(timestamp, null, value);
        }
        return records.build();
    }

    /** Decodes kafkago's batch, touching offset, timestamp and value of each record. */
    @Benchmark
    public void kafkagoDecode(Blackhole blackhole) {
        reader.reset(ourBatch);
        for (RecordBatchView batch; (batch = reader.nextBatch()) != null; ) {
            for (RecordView record; (record = batch.nextRecord()) != null; ) {
                blackhole.consume(record.offset());
                blackhole.consume(record.timestamp());
                blackhole.consume(record.value());
            }
        }
    }

    /** Decodes kafka-clients' batch the way its consumer does (CRC check, streaming iterator). */
    @Benchmark
    public void kafkaClientsDecode(Blackhole blackhole) {
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(theirBatch.duplicate()).batches()) {
            batch.ensureValid();
            try (CloseableIterator<Record> records = batch.streamingIterator(decompressionBuffers)) {
                while (records.hasNext()) {
                    Record record = records.next();
                    blackhole.consume(record.offset());
                    blackhole.consume(record.timestamp());
                    blackhole.consume(Utils.toNullableArray(record.value()));
                }
            }
        }
    }

    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate()).flip();
        return copy;
    }
}
