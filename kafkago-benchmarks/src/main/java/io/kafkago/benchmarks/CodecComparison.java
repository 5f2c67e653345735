package io.kafkago.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CodecBenchmark} with the GC profiler and prints time and allocation per record for
 * kafkago and kafka-clients side by side, then a {@code RESULT} line of kafkago/kafka-clients ratios
 * (below 1 means kafkago is faster or allocates less): {@code codec_encode_time_ratio} and friends for
 * uncompressed batches, {@code codec_lz4_encode_time_ratio} and so on for each other codec run.
 */
final class CodecComparison {

    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private CodecComparison() {
    }

    static void run(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String[] compressions = options.getOrDefault("compression", "none,lz4,zstd").split(",");
        ChainedOptionsBuilder jmh = new OptionsBuilder()
            .include(CodecBenchmark.class.getName() + ".")
            .param("compression", compressions)
            .warmupIterations(Integer.parseInt(options.getOrDefault("warmup", "3")))
            .measurementIterations(Integer.parseInt(options.getOrDefault("iterations", "5")))
            .warmupTime(TimeValue.seconds(Long.parseLong(options.getOrDefault("seconds", "1"))))
            .measurementTime(TimeValue.seconds(Long.parseLong(options.getOrDefault("seconds", "1"))))
            .forks(Integer.parseInt(options.getOrDefault("forks", "1")))
            .threads(1)
            .addProfiler(GCProfiler.class);
        Collection<RunResult> results = new Runner(jmh.build()).run();
        if (results.size() != 4 * compressions.length) {
            throw new IllegalStateException("expected " + 4 * compressions.length + " benchmark results, got "
                + results.size() + ": see the JMH output above for the failure");
        }

        Map<String, double[]> byKey = new HashMap<>(); // "method/compression" -> {us per batch, bytes per batch}
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String compression = result.getParams().getParam("compression");
            Result<?> alloc = result.getSecondaryResults().get(ALLOC_NORM);
            byKey.put(method + "/" + compression, new double[] {
                result.getPrimaryResult().getScore(), alloc == null ? Double.NaN : alloc.getScore()});
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "Record batch codec, %d records x %d-byte values per batch, 1 thread%n",
            CodecBenchmark.RECORDS, CodecBenchmark.VALUE_SIZE);
        System.out.printf(Locale.ROOT, "%-12s %-6s %-14s %14s %14s %16s%n",
            "compression", "op", "library", "us/batch", "ns/record", "bytes/record");
        List<String> ratios = new ArrayList<>();
        for (String compression : compressions) {
            for (String op : new String[] {"encode", "decode"}) {
                printRow(compression, op, "kafkago", byKey.get("kafkago" + capitalize(op) + "/" + compression));
                printRow(compression, op, "kafka-clients", byKey.get("kafkaClients" + capitalize(op) + "/" + compression));
            }
            // Uncompressed batches give the headline keys; other codecs get their name in the key.
            String prefix = compression.equals("none") ? "codec_" : "codec_" + compression + "_";
            for (String metric : new String[] {"time", "alloc"}) {
                for (String op : new String[] {"encode", "decode"}) {
                    double[] ours = byKey.get("kafkago" + capitalize(op) + "/" + compression);
                    double[] theirs = byKey.get("kafkaClients" + capitalize(op) + "/" + compression);
                    int index = metric.equals("time") ? 0 : 1;
                    ratios.add(String.format(Locale.ROOT, "%s%s_%s_ratio=%.3f", prefix, op, metric,
                        ours[index] / theirs[index]));
                }
            }
        }
        System.out.println();
        System.out.println("RESULT " + String.join(" ", ratios));
    }

    private static void printRow(String compression, String op, String library, double[] score) {
        System.out.printf(Locale.ROOT, "%-12s %-6s %-14s %14.1f %14.1f %16.1f%n", compression, op, library,
            score[0], score[0] * 1_000 / CodecBenchmark.RECORDS, score[1] / CodecBenchmark.RECORDS);
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }
}
