package io.kafkago.benchmarks.endtoend;

import io.kafkago.benchmarks.endtoend.RebalanceMember.Consumed;
import io.kafkago.benchmarks.endtoend.RebalanceMember.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How long a rebalance stops the members that keep their partitions, for kafkago and kafka-clients under the same
 * three settings: eager classic (range), cooperative classic (cooperative-sticky) and the consumer protocol (KIP-848).
 *
 * <p>One broker runs in its own JVM; a producer writes {@value #RATE} messages a second over {@value #PARTITIONS}
 * partitions of a topic whose messages carry the time the broker appended them. Three members, started a second
 * apart, share them, each with a revoke callback that takes {@value RebalanceMember#REVOKE_CALLBACK_MILLIS} ms (the
 * application flushing state before a partition goes); a fourth joins,
 * then one of the first three leaves. For each of these two rebalances, every partition a member owned before it and
 * still owns once it settled is a kept partition, and the figure is the longest delay from the broker's append
 * to the application of a message of a kept partition, handed out from two seconds before the rebalance to
 * {@value #SETTLE_SECONDS} seconds after (unlike a gap between messages or a delay since sending, it counts no pause
 * of the producer). Eager members stop everything, so a kept partition waits for the whole rebalance; incremental ones
 * should see no delay longer than a fetch.
 *
 * <p>Usage: {@code rebalance [--rounds R]}; the reported figure per setting and client is the median over rounds,
 * the clients alternating which goes first.
 */
public final class RebalancePauseBenchmark {

    private static final int PARTITIONS = 6;
    private static final int RATE = 2000;
    private static final long SETTLE_SECONDS = 12;
    private static final long WARM_UP_SECONDS = 6;
    /** Between the starts of the first members, so that their heartbeats (every 3 s) are out of phase. */
    private static final long STAGGER_MILLIS = 1000;
    private static final long BEFORE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String[] CLIENTS = {"kafkago", "kafka-clients"};

    private final String bootstrap;
    private final Map<String, List<Double>> delays = new LinkedHashMap<>();

    private RebalancePauseBenchmark(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Runs the benchmark; see the class documentation. */
    public static void run(String[] options) throws Exception {
        int rounds = 1;
        List<Setting> settings = List.of(Setting.values());
        for (int i = 0; i < options.length; i++) {
            switch (options[i]) {
                case "--rounds" -> rounds = Integer.parseInt(options[++i]);
                case "--settings" -> settings = java.util.Arrays.stream(options[++i].split(","))
                        .map(name -> Setting.valueOf(name.toUpperCase(Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown option " + options[i]
                        + " (expected --rounds R, --settings eager,cooperative,consumer)");
            }
        }
        Path directory = Files.createTempDirectory("kafkago-rebalance-benchmark");
        System.out.printf(Locale.ROOT, "rebalance benchmark: %d msg/s over %d partitions, 3 members, a 4th joins,"
                + " one leaves; %d round(s), work in %s%n", RATE, PARTITIONS, rounds, directory);
        try (BrokerProcess broker = BrokerProcess.start(directory, System.getProperty("java.class.path"), PARTITIONS)) {
            RebalancePauseBenchmark benchmark = new RebalancePauseBenchmark(broker.bootstrap());
            for (int round = 1; round <= rounds; round++) {
                for (Setting setting : settings) {
                    String[] order = round % 2 == 1 ? CLIENTS : new String[] {CLIENTS[1], CLIENTS[0]};
                    for (String client : order) {
                        double delay = benchmark.scenario(setting, client, round);
                        benchmark.delays.computeIfAbsent(setting + " " + client, key -> new ArrayList<>()).add(delay);
                        System.out.printf(Locale.ROOT, "  %-12s %-14s longest delay on kept partitions %8.0f ms%n",
                                setting.name().toLowerCase(Locale.ROOT), client, delay);
                    }
                }
            }
            benchmark.report(rounds, settings);
        }
    }

    private double scenario(Setting setting, String client, int round) throws Exception {
        String topic = "rebalance-" + setting.name().toLowerCase(Locale.ROOT) + "-" + client + "-" + round;
        createTopic(topic);
        String group = topic + "-g";
        List<RebalanceMember> members = new ArrayList<>();
        try (PacedProducer producer = new PacedProducer(bootstrap, topic)) {
            producer.start();
            for (int i = 0; i < 3; i++) {
                members.add(member(client, "member-" + i, topic, group, setting));
                TimeUnit.MILLISECONDS.sleep(STAGGER_MILLIS); // members of a real deployment do not heartbeat in step
            }
            awaitUntil("three members sharing the partitions", () -> union(members).size() == PARTITIONS
                    && members.stream().noneMatch(member -> member.owned().isEmpty()));
            TimeUnit.SECONDS.sleep(WARM_UP_SECONDS);

            Map<RebalanceMember, Set<Integer>> beforeJoin = snapshot(members);
            long join = System.nanoTime();
            RebalanceMember joining = member(client, "member-3", topic, group, setting);
            members.add(joining);
            awaitUntil("the fourth member owning partitions", () -> !joining.owned().isEmpty()
                    && union(members).size() == PARTITIONS);
            sleepUntil(join + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS));
            double joinDelay = longestDelay(beforeJoin, snapshot(members), join - BEFORE_NANOS, System.nanoTime());

            RebalanceMember leaving = members.remove(0);
            Map<RebalanceMember, Set<Integer>> beforeLeave = snapshot(members);
            long leave = System.nanoTime();
            leaving.close();
            awaitUntil("the leaving member's partitions moved on", () -> union(members).size() == PARTITIONS);
            sleepUntil(leave + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS));
            double leaveDelay = longestDelay(beforeLeave, snapshot(members), leave - BEFORE_NANOS, System.nanoTime());
            System.out.printf(Locale.ROOT, "  %-12s %-14s join %6.0f ms, leave %6.0f ms%n",
                    setting.name().toLowerCase(Locale.ROOT), client, joinDelay, leaveDelay);
            return Math.max(joinDelay, leaveDelay);
        } finally {
            for (RebalanceMember member : members) {
                member.close();
            }
        }
    }

    private RebalanceMember member(String client, String name, String topic, String group, Setting setting) {
        RebalanceMember member = client.equals("kafkago")
                ? new KafkagoRebalanceMember(name, bootstrap, topic, group, setting)
                : new KafkaClientsRebalanceMember(name, bootstrap, topic, group, setting);
        member.start();
        return member;
    }

    /**
     * The longest delay, in ms, from the broker's append to the application of a message of a partition its member owned
     * before and after, handed out between {@code from} and {@code to}; 0 when no member kept a partition.
     */
    private static double longestDelay(Map<RebalanceMember, Set<Integer>> before,
                                       Map<RebalanceMember, Set<Integer>> after, long from, long to) {
        long longest = 0;
        for (Map.Entry<RebalanceMember, Set<Integer>> entry : after.entrySet()) {
            Set<Integer> kept = new HashSet<>(entry.getValue());
            kept.retainAll(before.getOrDefault(entry.getKey(), Set.of()));
            for (Consumed consumed : entry.getKey().consumed()) {
                if (kept.contains(consumed.partition()) && consumed.nanos() >= from && consumed.nanos() <= to) {
                    longest = Math.max(longest, consumed.delayMillis());
                }
            }
        }
        return longest;
    }

    private static Map<RebalanceMember, Set<Integer>> snapshot(List<RebalanceMember> members) {
        Map<RebalanceMember, Set<Integer>> owned = new LinkedHashMap<>();
        members.forEach(member -> owned.put(member, member.owned()));
        return owned;
    }

    private static Set<Integer> union(List<RebalanceMember> members) {
        Set<Integer> all = new HashSet<>();
        members.forEach(member -> all.addAll(member.owned()));
        return all;
    }

    private void report(int rounds, List<Setting> settings) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-12s %16s %16s %8s   (longest delay on kept partitions, ms, median of %d)%n",
                "setting", "kafkago", "kafka-clients", "ratio", rounds);
        StringBuilder result = new StringBuilder("RESULT");
        for (Setting setting : settings) {
            double kafkago = median(delays.get(setting + " kafkago"));
            double clients = median(delays.get(setting + " kafka-clients"));
            String name = setting.name().toLowerCase(Locale.ROOT);
            System.out.printf(Locale.ROOT, "%-12s %16.0f %16.0f %8.2f%n", name, kafkago, clients, kafkago / clients);
            result.append(String.format(Locale.ROOT, " %s_delay_ms_kafkago=%.0f %s_delay_ms_kafka_clients=%.0f %s_delay_ratio=%.3f",
                    name, kafkago, name, clients, name, kafkago / clients));
        }
        System.out.println(result);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private void createTopic(String topic) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)
                    .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get(1, TimeUnit.MINUTES);
        }
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Writes {@value #RATE} messages a second round robin over the partitions until closed. */
    private static final class PacedProducer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final Thread thread;
        private volatile boolean running = true;

        PacedProducer(String bootstrap, String topic) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
            this.topic = topic;
            this.thread = new Thread(this::produce, "paced-producer");
        }

        void start() {
            thread.start();
        }

        private void produce() {
            byte[] value = new byte[100];
            long interval = TimeUnit.SECONDS.toNanos(1) / (RATE / 10);
            long next = System.nanoTime();
            int partition = 0;
            try {
                while (running) {
                    for (int i = 0; i < 10; i++) {
                        producer.send(new ProducerRecord<>(topic, partition, null, value));
                        partition = (partition + 1) % PARTITIONS;
                    }
                    next += interval;
                    sleepUntil(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            producer.close();
        }
    }
}
