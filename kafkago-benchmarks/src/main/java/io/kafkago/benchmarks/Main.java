package io.kafkago.benchmarks;

import io.kafkago.benchmarks.endtoend.EndToEndBenchmark;
import io.kafkago.benchmarks.endtoend.RebalancePauseBenchmark;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code kafkago-benchmarks.jar}: the first argument names the benchmark to run,
 * the rest go to it. Each benchmark prints a table and one {@code RESULT key=value ...} line.
 */
public final class Main {

    /** A runnable benchmark suite. */
    @FunctionalInterface
    interface Command {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("codec", CodecComparison::run);
        COMMANDS.put("produce", args -> EndToEndBenchmark.run("produce", args));
        COMMANDS.put("consume", args -> EndToEndBenchmark.run("consume", args));
        COMMANDS.put("all", args -> EndToEndBenchmark.run("all", args));
        COMMANDS.put("transactions", args -> EndToEndBenchmark.run("transactions", args));
        COMMANDS.put("rebalance", RebalancePauseBenchmark::run);
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            args = new String[] {"all"}; // the end-to-end produce and consume comparison
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            System.err.println("usage: java -jar kafkago-benchmarks.jar <" + String.join("|", COMMANDS.keySet())
                + "> [options]");
            System.err.println("  codec [compression=none,lz4,zstd] [warmup=3] [iterations=5] [seconds=1] [forks=1]");
            System.err.println("  produce|consume|all|transactions [--messages 1000000] [--rounds 3] [--size 100]"
                    + "   (default: all)");
            System.err.println("  rebalance [--rounds 1]");
            System.exit(2);
            return;
        }
        command.run(Arrays.copyOfRange(args, 1, args.length));
    }
}
