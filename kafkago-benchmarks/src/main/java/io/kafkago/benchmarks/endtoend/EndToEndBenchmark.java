package io.kafkago.benchmarks.endtoend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * End-to-end produce and consume comparison of kafkago and kafka-clients.
 *
 * <p>One Kafka broker runs in its own JVM; each client run happens in a fresh worker JVM with the same flags,
 * and the two clients alternate for several rounds, so neither benefits from the other's warm-up or from the
 * broker's. A worker measures wall time, its process CPU time and the heap bytes all its threads allocated
 * from creating its client to closing it. The medians are compared as kafkago / kafka-clients ratios:
 * throughput above 1 and CPU or allocation below 1 favour kafkago.
 *
 * <p>Usage: {@code [produce|consume|all|transactions] [--messages N] [--rounds R] [--size BYTES]}. The
 * {@code transactions} mode produces in transactions of 1, 100 and 1000 messages (modes {@code txn1},
 * {@code txn100}, {@code txn1000}), at most {@value #TRANSACTIONS_PER_ROUND} transactions per round.
 */
public final class EndToEndBenchmark {

    private static final int PARTITIONS = 6;
    /** The transaction sizes the {@code transactions} mode compares. */
    static final int[] MESSAGES_PER_TRANSACTION = {1, 100, 1000};
    /** Cap on the transactions of one round: one-message transactions are bound by round trips, not bytes. */
    static final int TRANSACTIONS_PER_ROUND = 2000;
    private static final String[] CLIENTS = {"kafkago", "kafka-clients"};
    private static final List<String> WORKER_JVM_FLAGS = List.of("-Xms1g", "-Xmx1g");

    private final int messages;
    private final int rounds;
    private final int messageSize;
    private final String classPath;
    private final Path directory;
    private final Map<String, List<Measurement>> results = new LinkedHashMap<>();

    private EndToEndBenchmark(int messages, int rounds, int messageSize, Path directory) {
        this.messages = messages;
        this.rounds = rounds;
        this.messageSize = messageSize;
        this.classPath = System.getProperty("java.class.path");
        this.directory = directory;
    }

    /** Runs the benchmark; see the class documentation for the arguments. */
    public static void run(String mode, String[] options) throws Exception {
        int messages = 1_000_000;
        int rounds = 3;
        int size = 100;
        for (int i = 0; i < options.length; i++) {
            switch (options[i]) {
                case "--messages" -> messages = Integer.parseInt(options[++i]);
                case "--rounds" -> rounds = Integer.parseInt(options[++i]);
                case "--size" -> size = Integer.parseInt(options[++i]);
                default -> throw new IllegalArgumentException("unknown option " + options[i]
                        + " (expected --messages N, --rounds R, --size BYTES)");
            }
        }
        if (!Set.of("produce", "consume", "all", "transactions").contains(mode)) {
            throw new IllegalArgumentException("mode must be produce, consume, all or transactions, got " + mode);
        }
        Path directory = Files.createTempDirectory("kafkago-benchmark");
        EndToEndBenchmark benchmark = new EndToEndBenchmark(messages, rounds, size, directory);
        System.out.printf(Locale.ROOT, "end-to-end benchmark: %s, %,d messages of %d bytes, %d rounds, %d partitions, work in %s%n",
                mode, messages, size, rounds, PARTITIONS, directory);
        try (BrokerProcess broker = BrokerProcess.start(directory, benchmark.classPath, PARTITIONS)) {
            if (mode.equals("transactions")) {
                benchmark.transactionRounds(broker.bootstrap());
            } else {
                if (!mode.equals("consume")) {
                    benchmark.produceRounds(broker.bootstrap());
                }
                if (!mode.equals("produce")) {
                    benchmark.consumeRounds(broker.bootstrap());
                }
            }
        }
        benchmark.report(mode);
        deleteRecursively(directory); // only after success: on failure the logs stay for a look
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private void produceRounds(String bootstrap) throws Exception {
        for (int round = 1; round <= rounds; round++) {
            for (String client : inRoundOrder(round)) {
                String topic = "produce-" + client + "-" + round;
                createTopic(bootstrap, topic);
                record("produce", client, runWorker("produce-" + client, bootstrap, topic));
            }
        }
    }

    private void transactionRounds(String bootstrap) throws Exception {
        for (int perTransaction : MESSAGES_PER_TRANSACTION) {
            String measured = "txn" + perTransaction;
            int count = (int) Math.min(messages, (long) perTransaction * TRANSACTIONS_PER_ROUND);
            for (int round = 1; round <= rounds; round++) {
                for (String client : inRoundOrder(round)) {
                    String topic = measured + "-" + client + "-" + round;
                    createTopic(bootstrap, topic);
                    record(measured, client, runWorker(measured + "-" + client, bootstrap, topic, count));
                }
            }
        }
    }

    private void consumeRounds(String bootstrap) throws Exception {
        String topic = "consume-source";
        createTopic(bootstrap, topic);
        runWorker("produce-kafka-clients", bootstrap, topic); // the data both consumers read, produced once
        for (int round = 1; round <= rounds; round++) {
            for (String client : inRoundOrder(round)) {
                record("consume", client, runWorker("consume-" + client, bootstrap, topic));
            }
        }
    }

    /** Alternates which client goes first, so neither always runs on a broker warmed by the other. */
    private static String[] inRoundOrder(int round) {
        return round % 2 == 1 ? CLIENTS : new String[] {CLIENTS[1], CLIENTS[0]};
    }

    private void record(String mode, String client, Measurement measurement) {
        results.computeIfAbsent(mode + " " + client, key -> new ArrayList<>()).add(measurement);
        System.out.printf(Locale.ROOT, "  %-8s %-14s %12.0f msgs/s %8.1f MB/s %7.2f cpu-s %9.1f B/msg%n", mode, client,
                measurement.messagesPerSecond(), measurement.megabytesPerSecond(), measurement.cpuSeconds(),
                measurement.allocatedBytesPerMessage());
    }

    private void createTopic(String bootstrap, String topic) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(1, TimeUnit.MINUTES);
        }
    }

    private Measurement runWorker(String workload, String bootstrap, String topic) throws IOException, InterruptedException {
        return runWorker(workload, bootstrap, topic, messages);
    }

    private Measurement runWorker(String workload, String bootstrap, String topic, int count)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BrokerProcess.javaExecutable());
        command.addAll(WORKER_JVM_FLAGS);
        command.addAll(List.of("-cp", classPath, Worker.class.getName(), workload, bootstrap, topic,
                Integer.toString(count), Integer.toString(messageSize)));
        Path log = directory.resolve(workload + ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Measurement measurement = null;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith(Measurement.LINE_PREFIX)) {
                    measurement = Measurement.parse(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || measurement == null) {
            throw new IllegalStateException(workload + " worker failed (exit " + exit + "), see " + log);
        }
        return measurement;
    }

    private void report(String mode) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-8s %-14s %12s %9s %9s %12s   (medians of %d rounds)%n",
                "mode", "client", "msgs/s", "MB/s", "cpu-s", "alloc B/msg", rounds);
        for (Map.Entry<String, List<Measurement>> entry : results.entrySet()) {
            String[] modeAndClient = entry.getKey().split(" ");
            List<Measurement> runs = entry.getValue();
            System.out.printf(Locale.ROOT, "%-8s %-14s %12.0f %9.1f %9.2f %12.1f%n", modeAndClient[0], modeAndClient[1],
                    median(runs, Measurement::messagesPerSecond), median(runs, Measurement::megabytesPerSecond),
                    median(runs, Measurement::cpuSeconds), median(runs, Measurement::allocatedBytesPerMessage));
        }
        StringBuilder result = new StringBuilder("RESULT");
        for (String measured : measuredModes(mode)) {
            result.append(String.format(Locale.ROOT, " %s_throughput_ratio=%.3f %s_cpu_ratio=%.3f %s_alloc_ratio=%.3f",
                    measured, ratio(measured, Measurement::messagesPerSecond),
                    measured, ratio(measured, Measurement::cpuSeconds),
                    measured, ratio(measured, Measurement::allocatedBytesPerMessage)));
        }
        System.out.println(result);
    }

    private static List<String> measuredModes(String mode) {
        return switch (mode) {
            case "all" -> List.of("produce", "consume");
            case "transactions" -> Arrays.stream(MESSAGES_PER_TRANSACTION).mapToObj(size -> "txn" + size).toList();
            default -> List.of(mode);
        };
    }

    private double ratio(String mode, ToDoubleFunction<Measurement> metric) {
        return median(results.get(mode + " kafkago"), metric) / median(results.get(mode + " kafka-clients"), metric);
    }

    private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(metric));
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? metric.applyAsDouble(sorted.get(middle))
                : (metric.applyAsDouble(sorted.get(middle - 1)) + metric.applyAsDouble(sorted.get(middle))) / 2;
    }
}
