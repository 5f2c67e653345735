package io.kafkago.spring.metrics;

import io.kafkago.ReaderStats;
import io.kafkago.WriterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Registers meters that read a writer's or reader's stats snapshot when the registry is scraped, so
 * the client's hot paths pay nothing for metrics. Counters are function counters over the stats'
 * ever-growing totals. Micrometer holds the writer or reader weakly: the meters read NaN once it is
 * gone, and {@link #remove} drops them.
 */
public final class KafkaGoMeters {

    private KafkaGoMeters() {
    }

    /**
     * Registers {@code kafkago.writer.*} meters.
     *
     * @param writer the writer (usually an {@code io.kafkago.Writer})
     * @param stats reads its stats, usually {@code Writer::stats}
     * @return the meters, for {@link #remove} when the writer is closed
     */
    public static <W> List<Meter> bindWriter(MeterRegistry registry, W writer, Function<W, WriterStats> stats,
            Tags tags) {
        List<Meter> meters = new ArrayList<>();
        counter(meters, registry, "kafkago.writer.writes", "Completed write calls, failed ones included", null,
                writer, stats, WriterStats::writes, tags);
        counter(meters, registry, "kafkago.writer.messages", "Messages acknowledged by the brokers", "messages",
                writer, stats, WriterStats::messages, tags);
        counter(meters, registry, "kafkago.writer.bytes", "Record bytes of acknowledged messages", "bytes",
                writer, stats, WriterStats::bytes, tags);
        counter(meters, registry, "kafkago.writer.batches", "Record batches acknowledged", "batches",
                writer, stats, WriterStats::batches, tags);
        counter(meters, registry, "kafkago.writer.requests", "Produce requests sent, retries included", "requests",
                writer, stats, WriterStats::requests, tags);
        counter(meters, registry, "kafkago.writer.errors", "Messages that failed for good", "messages",
                writer, stats, WriterStats::errors, tags);
        counter(meters, registry, "kafkago.writer.retries", "Batch attempts that failed and were sent again", null,
                writer, stats, WriterStats::retries, tags);
        gauge(meters, registry, "kafkago.writer.batch.size", "Acknowledged messages per acknowledged batch", "messages",
                writer, stats, WriterStats::averageBatchSize, tags);
        gauge(meters, registry, "kafkago.writer.buffered", "Bytes held for messages not yet acknowledged", "bytes",
                writer, stats, WriterStats::bufferedBytes, tags);
        meters.add(TimeGauge.builder("kafkago.writer.write.latency.avg", writer,
                        TimeUnit.NANOSECONDS, w -> stats.apply(w).averageWriteLatency().toNanos())
                .description("Mean time from a write call to its completion").tags(tags).register(registry));
        meters.add(TimeGauge.builder("kafkago.writer.write.latency.max", writer,
                        TimeUnit.NANOSECONDS, w -> stats.apply(w).maxWriteLatency().toNanos())
                .description("Longest time from a write call to its completion").tags(tags).register(registry));
        return meters;
    }

    /**
     * Registers {@code kafkago.reader.*} meters.
     *
     * @param reader the reader (usually an {@code io.kafkago.Reader})
     * @param stats reads its stats, usually {@code Reader::stats}
     * @return the meters, for {@link #remove} when the reader is closed
     */
    public static <R> List<Meter> bindReader(MeterRegistry registry, R reader, Function<R, ReaderStats> stats,
            Tags tags) {
        List<Meter> meters = new ArrayList<>();
        counter(meters, registry, "kafkago.reader.messages", "Messages handed to the application", "messages",
                reader, stats, ReaderStats::messages, tags);
        counter(meters, registry, "kafkago.reader.bytes", "Key and value bytes handed to the application", "bytes",
                reader, stats, ReaderStats::bytes, tags);
        counter(meters, registry, "kafkago.reader.fetches", "Fetch requests answered", "requests",
                reader, stats, ReaderStats::fetches, tags);
        counter(meters, registry, "kafkago.reader.commits", "Offset commits the coordinator accepted", "requests",
                reader, stats, ReaderStats::commits, tags);
        counter(meters, registry, "kafkago.reader.rebalances", "Group generations this member joined", null,
                reader, stats, ReaderStats::rebalances, tags);
        counter(meters, registry, "kafkago.reader.errors", "Errors seen by the fetch and group loops", null,
                reader, stats, ReaderStats::errors, tags);
        counter(meters, registry, "kafkago.reader.stale.commits",
                "Messages not committed because their generation had ended", "messages",
                reader, stats, ReaderStats::staleCommits, tags);
        gauge(meters, registry, "kafkago.reader.lag", "Messages behind the high watermark over assigned partitions",
                "messages", reader, stats, ReaderStats::lag, tags);
        gauge(meters, registry, "kafkago.reader.queue.length", "Messages fetched and waiting", "messages",
                reader, stats, ReaderStats::queueLength, tags);
        gauge(meters, registry, "kafkago.reader.assigned.partitions", "Partitions this reader consumes now", null,
                reader, stats, ReaderStats::assignedPartitions, tags);
        return meters;
    }

    /** Removes meters registered by {@link #bindWriter} or {@link #bindReader}. */
    public static void remove(MeterRegistry registry, List<Meter> meters) {
        meters.forEach(registry::remove);
    }

    private static <T, S> void counter(List<Meter> meters, MeterRegistry registry, String name, String description,
            String unit, T owner, Function<T, S> stats, ToLongFunction<S> value, Tags tags) {
        meters.add(FunctionCounter.builder(name, owner, o -> value.applyAsLong(stats.apply(o)))
                .description(description).baseUnit(unit).tags(tags).register(registry));
    }

    private static <T, S> void gauge(List<Meter> meters, MeterRegistry registry, String name, String description,
            String unit, T owner, Function<T, S> stats, ToDoubleFunction<S> value, Tags tags) {
        meters.add(Gauge.builder(name, owner, o -> value.applyAsDouble(stats.apply(o)))
                .description(description).baseUnit(unit).tags(tags).register(registry));
    }
}
