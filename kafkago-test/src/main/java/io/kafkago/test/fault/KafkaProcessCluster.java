package io.kafkago.test.fault;

import io.kafkago.test.Await;
import io.kafkago.test.BrokerMode;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestSetupException;
import io.kafkago.test.internal.AdministeredCluster;
import io.kafkago.test.internal.ClusterAdmin;
import io.kafkago.test.internal.KafkaNodeProcess;
import io.kafkago.test.internal.TemporaryDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of separate JVM processes for fault tests: one dedicated controller and {@code n} brokers (default
 * 3), each broker behind its own {@link FaultProxy}. Brokers can be killed (SIGKILL), paused (SIGSTOP), stopped
 * gracefully and restarted with the same storage and ports; the network to each can be broken through its proxy.
 *
 * <pre>{@code
 * try (KafkaProcessCluster cluster = KafkaProcessCluster.start()) {
 *     cluster.createTopic("orders", 1, 3, Map.of("min.insync.replicas", "2"));
 *     int leader = cluster.leaderOf("orders", 0);
 *     cluster.kill(leader);
 *     cluster.awaitLeaderChange("orders", 0, leader, Duration.ofSeconds(60));
 *     cluster.restart(leader);          // back, unfenced and in sync again
 * }
 * }</pre>
 *
 * <p>Each broker has two listeners: {@code INTERNAL} for inter-broker traffic and this class's own administration, and
 * {@code EXTERNAL} for clients, advertised at its proxy's address. So {@link #bootstrapServers()} and every address a
 * client learns from metadata lead through a proxy, while replication and {@link #leaderOf} and friends are never
 * affected by proxy faults.
 *
 * <p>Brokers run with Kafka's default timeouts (a killed or paused broker is fenced after
 * {@code broker.session.timeout.ms}, 9 s; a lagging follower leaves the ISR after {@code replica.lag.time.max.ms},
 * 30 s), so failover happens as in production. Internal topics are replicated {@code min(brokers, 3)} times
 * ({@code transaction.state.log.min.isr} {@code min(brokers, 2)}) with default partition counts, and the first group
 * rebalance is not delayed. Broker ids are {@code 0..n-1}; the controller's id is {@link #CONTROLLER_ID}.
 *
 * <p>Every wait is bounded ({@link KafkaProcessClusterConfig#operationTimeout()},
 * {@link KafkaProcessClusterConfig#adminTimeout()} or the caller's timeout). {@link #close()}, or a JVM shutdown hook
 * if the test never gets there, kills every process and deletes the cluster's directory.
 */
public final class KafkaProcessCluster extends AdministeredCluster {

    /** Node id of the controller process. */
    public static final int CONTROLLER_ID = 3000;

    private static final Logger log = LoggerFactory.getLogger(KafkaProcessCluster.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String INTERNAL_LISTENER = "INTERNAL";
    private static final String EXTERNAL_LISTENER = "EXTERNAL";
    /** A broker that does not answer an admin request within this is skipped for another. */
    private static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** A graceful stop that takes longer than this ends with SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /** One broker: its process, its proxy and the port of its direct (internal) listener. */
    private record Broker(KafkaNodeProcess node, FaultProxy proxy, int internalPort) {
    }

    private final KafkaProcessClusterConfig config;
    private final Path directory;
    private final KafkaNodeProcess controller;
    private final int controllerPort;
    private final Map<Integer, Broker> brokers;
    private final String directBootstrapServers;
    private final Thread shutdownHook;
    private Duration startupDuration = Duration.ZERO;

    private KafkaProcessCluster(KafkaProcessClusterConfig config, Path directory, KafkaNodeProcess controller,
            int controllerPort, Map<Integer, Broker> brokers) {
        super(proxyAddresses(brokers), BrokerMode.PROCESS,
                new ClusterAdmin(directAddresses(brokers), config.adminTimeout(), ADMIN_REQUEST_TIMEOUT));
        this.config = config;
        this.directory = directory;
        this.controller = controller;
        this.controllerPort = controllerPort;
        this.brokers = brokers;
        this.directBootstrapServers = directAddresses(brokers);
        this.shutdownHook = new Thread(this::destroy, "kafkago-test-process-cluster-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private static String proxyAddresses(Map<Integer, Broker> brokers) {
        return brokers.values().stream().map(b -> b.proxy().address()).collect(Collectors.joining(","));
    }

    private static String directAddresses(Map<Integer, Broker> brokers) {
        return brokers.values().stream().map(b -> "localhost:" + b.internalPort()).collect(Collectors.joining(","));
    }

    /** Starts one controller and three brokers with default settings. */
    public static KafkaProcessCluster start() {
        return start(KafkaProcessClusterConfig.builder().build());
    }

    /**
     * Formats storage in a fresh temporary directory, starts the controller and broker processes and their proxies,
     * and returns once every broker is registered and unfenced.
     *
     * @throws KafkaTestSetupException if the cluster does not start within
     *                                 {@link KafkaProcessClusterConfig#operationTimeout()}; the message carries the end
     *                                 of the logs of the nodes that failed
     */
    public static KafkaProcessCluster start(KafkaProcessClusterConfig config) {
        long startNanos = System.nanoTime();
        KafkaProcessCluster cluster = create(config);
        try {
            cluster.controller.start();
            cluster.brokers.values().forEach(b -> b.node().start());
            cluster.awaitStarted(Instant.now().plus(config.operationTimeout()));
        } catch (RuntimeException e) {
            String failures = cluster.describeFailedNodes();
            cluster.release(false);
            throw new KafkaTestSetupException("Cannot start a Kafka cluster of 1 controller and " + config.brokers()
                    + " broker process(es): " + e.getMessage() + failures, e);
        }
        cluster.startupDuration = Duration.ofNanos(System.nanoTime() - startNanos);
        log.info("Kafka process cluster (1 controller, {} brokers) started in {} ms at {}", config.brokers(),
                cluster.startupDuration.toMillis(), cluster.bootstrapServers());
        return cluster;
    }

    /** Lays out directories, ports, proxies and formatted storage; nothing runs yet but the proxies. */
    private static KafkaProcessCluster create(KafkaProcessClusterConfig config) {
        Path directory = null;
        List<FaultProxy> proxies = new ArrayList<>();
        try {
            directory = Files.createTempDirectory("kafkago-test-process-cluster");
            String clusterId = Uuid.randomUuid().toString();
            List<Integer> ports = KafkaNodeProcess.freePorts(1 + 2 * config.brokers());
            int controllerPort = ports.get(0);
            KafkaNodeProcess controller = KafkaNodeProcess.create("controller", directory.resolve("controller"),
                    controllerConfig(config, controllerPort), clusterId, config.jvmOptions(), false);
            Map<Integer, Broker> brokers = new TreeMap<>();
            for (int id = 0; id < config.brokers(); id++) {
                int internalPort = ports.get(1 + 2 * id);
                int externalPort = ports.get(2 + 2 * id);
                FaultProxy proxy = FaultProxy.start("localhost", externalPort);
                proxies.add(proxy);
                String name = "broker-" + id;
                // one broker, which loads the most classes, records the class-data archive if there is none yet
                KafkaNodeProcess node = KafkaNodeProcess.create(name, directory.resolve(name),
                        brokerConfig(config, id, controllerPort, internalPort, externalPort, proxy.port()), clusterId,
                        config.jvmOptions(), id == config.brokers() - 1);
                brokers.put(id, new Broker(node, proxy, internalPort));
            }
            return new KafkaProcessCluster(config, directory, controller, controllerPort, brokers);
        } catch (IOException | RuntimeException e) {
            proxies.forEach(FaultProxy::close);
            TemporaryDirectories.deleteQuietly(directory);
            throw new KafkaTestSetupException("Cannot prepare a Kafka process cluster", e);
        }
    }

    private static Map<String, String> controllerConfig(KafkaProcessClusterConfig config, int controllerPort) {
        Map<String, String> properties = commonConfig(controllerPort);
        properties.put("process.roles", "controller");
        properties.put("node.id", Integer.toString(CONTROLLER_ID));
        properties.put("listeners", CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        properties.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.putAll(config.brokerProperties());
        return properties;
    }

    private static Map<String, String> brokerConfig(KafkaProcessClusterConfig config, int id, int controllerPort,
            int internalPort, int externalPort, int proxyPort) {
        Map<String, String> properties = commonConfig(controllerPort);
        String internalReplicas = Integer.toString(Math.min(config.brokers(), 3));
        properties.put("process.roles", "broker");
        properties.put("node.id", Integer.toString(id));
        properties.put("listeners", INTERNAL_LISTENER + "://localhost:" + internalPort + "," + EXTERNAL_LISTENER
                + "://localhost:" + externalPort);
        properties.put("advertised.listeners", INTERNAL_LISTENER + "://localhost:" + internalPort + ","
                + EXTERNAL_LISTENER + "://localhost:" + proxyPort);
        properties.put("inter.broker.listener.name", INTERNAL_LISTENER);
        properties.put("listener.security.protocol.map", INTERNAL_LISTENER + ":PLAINTEXT," + EXTERNAL_LISTENER
                + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.put("offsets.topic.replication.factor", internalReplicas);
        properties.put("transaction.state.log.replication.factor", internalReplicas);
        properties.put("transaction.state.log.min.isr", Integer.toString(Math.min(config.brokers(), 2)));
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.putAll(config.brokerProperties());
        return properties;
    }

    private static Map<String, String> commonConfig(int controllerPort) {
        Map<String, String> properties = new HashMap<>();
        properties.put("controller.quorum.voters", CONTROLLER_ID + "@localhost:" + controllerPort);
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        return properties;
    }

    private void awaitStarted(Instant deadline) {
        controller.awaitListening(controllerPort, remaining(deadline));
        for (Broker broker : brokers.values()) {
            broker.node().awaitListening(broker.internalPort(), remaining(deadline));
        }
        Await.until(remaining(deadline), "all " + brokers.size() + " brokers to register and be unfenced", () -> {
            requireAlive(brokers.values());
            return attempt(admin()::brokerIds).map(ids -> ids.containsAll(brokers.keySet())).orElse(false);
        });
    }

    private void requireAlive(Collection<Broker> expected) {
        Stream.concat(Stream.of(controller), expected.stream().map(Broker::node))
                .filter(node -> !node.isAlive()).findFirst().ifPresent(node -> {
                    throw new KafkaTestSetupException(node.name() + " exited");
                });
    }

    /** The value, or empty if the cluster could not answer now (a broker down, a request timed out). */
    private static <T> Optional<T> attempt(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (KafkaTestSetupException e) {
            log.debug("Cluster not ready: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }

    private String describeFailedNodes() {
        List<String> failed = Stream.concat(Stream.of(controller), brokers.values().stream().map(Broker::node))
                .filter(node -> !node.isAlive()).map(KafkaNodeProcess::describe).collect(Collectors.toList());
        if (failed.isEmpty()) {
            failed = List.of(controller.describe());
        }
        return "\n" + String.join("\n", failed);
    }

    /**
     * The brokers' internal listeners, bypassing the proxies: for test scaffolding that must not be affected by
     * faults. Metadata fetched there names the internal addresses too, so a client bootstrapped here never touches a
     * proxy.
     */
    public String directBootstrapServers() {
        return directBootstrapServers;
    }

    /** The settings this cluster was started with. */
    public KafkaProcessClusterConfig config() {
        return config;
    }

    /** Wall-clock time {@link #start} took, from creating directories to all brokers registered. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /** Ids of all brokers, running or not, ascending. */
    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    /** The fault proxy every client connection to this broker goes through. */
    public FaultProxy proxy(int brokerId) {
        return broker(brokerId).proxy();
    }

    /** Clears the faults of every broker's proxy. */
    public void healProxies() {
        brokers.values().forEach(b -> b.proxy().heal());
    }

    /** Where the broker's output goes; a restart appends to it. */
    public Path logFile(int brokerId) {
        return broker(brokerId).node().logFile();
    }

    /** Where the controller's output goes. */
    public Path controllerLogFile() {
        return controller.logFile();
    }

    /** Operating-system id of the broker's current (or last) process. */
    public long pid(int brokerId) {
        return broker(brokerId).node().pid();
    }

    /** Kills the broker (SIGKILL: no controlled shutdown, no flush) and waits until the process is gone. */
    public void kill(int brokerId) {
        broker(brokerId).node().kill();
        log.info("Kafka broker {} killed", brokerId);
    }

    /**
     * Freezes the broker (SIGSTOP), like a long GC pause: connections stay open, nothing is answered, and the
     * controller fences it once its session times out. {@link #resume(int)} lets it go on.
     */
    public void pause(int brokerId) {
        broker(brokerId).node().pause();
        log.info("Kafka broker {} paused", brokerId);
    }

    /** Lets a paused broker run on (SIGCONT); it rejoins by itself once it has caught up. */
    public void resume(int brokerId) {
        broker(brokerId).node().resume();
        log.info("Kafka broker {} resumed", brokerId);
    }

    /**
     * Stops the broker gracefully (SIGTERM: controlled shutdown moves its leaderships away first) and waits until the
     * process has exited; after 60 s it is killed.
     */
    public void stop(int brokerId) {
        broker(brokerId).node().stop(STOP_TIMEOUT);
        log.info("Kafka broker {} stopped", brokerId);
    }

    /**
     * Starts a killed or stopped broker again with the same config, storage and ports, and waits until it is
     * registered and unfenced and back in the ISR of every partition it replicates that has a leader. As in
     * production, the controller refuses the new registration until the old one's session has expired
     * ({@code broker.session.timeout.ms}, 9 s after the last heartbeat), so a quick restart takes that long.
     *
     * @throws IllegalStateException if the broker is running (paused included)
     * @throws KafkaTestSetupException if it does not get there within
     *                                 {@link KafkaProcessClusterConfig#operationTimeout()}; the message carries the end
     *                                 of its log
     */
    public void restart(int brokerId) {
        Broker broker = broker(brokerId);
        long startNanos = System.nanoTime();
        broker.node().start();
        Instant deadline = Instant.now().plus(config.operationTimeout());
        try {
            broker.node().awaitListening(broker.internalPort(), remaining(deadline));
            Await.until(remaining(deadline), "broker " + brokerId + " to register and be unfenced", () -> {
                requireAlive(List.of(broker));
                return attempt(admin()::brokerIds).map(ids -> ids.contains(brokerId)).orElse(false);
            });
            Await.until(remaining(deadline), "broker " + brokerId + " back in the ISR of its partitions", () -> {
                requireAlive(List.of(broker));
                return attempt(() -> partitionsOutOfSync(brokerId)).map(List::isEmpty).orElse(false);
            });
        } catch (KafkaTestSetupException e) {
            throw new KafkaTestSetupException("Broker " + brokerId + " did not come back: " + e.getMessage()
                    + attempt(() -> partitionsOutOfSync(brokerId)).map(p -> p.isEmpty() ? "" : "; not in sync: " + p)
                    .orElse("") + "\n" + broker.node().describe(), e);
        }
        log.info("Kafka broker {} restarted and in sync after {} ms", brokerId,
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Partitions with a leader that the broker replicates but is not in sync for, as {@code topic-partition}. */
    private List<String> partitionsOutOfSync(int brokerId) {
        List<String> outOfSync = new ArrayList<>();
        for (TopicDescription topic : admin().describeAll()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                boolean replica = partition.replicas().stream().anyMatch(n -> n.id() == brokerId);
                boolean led = idOrNone(partition.leader()) >= 0;
                if (replica && led && partition.isr().stream().noneMatch(n -> n.id() == brokerId)) {
                    outOfSync.add(topic.name() + "-" + partition.partition());
                }
            }
        }
        return outOfSync;
    }

    /** Whether the broker's process exists; a paused broker is running. */
    public boolean isRunning(int brokerId) {
        return broker(brokerId).node().isAlive();
    }

    /** Whether the broker is paused by {@link #pause(int)}. */
    public boolean isPaused(int brokerId) {
        return broker(brokerId).node().isPaused();
    }

    /** The id of the partition's leader as the cluster reports it now, or -1 while it has none. */
    public int leaderOf(String topic, int partition) {
        return idOrNone(admin().partition(topic, partition).leader());
    }

    /** Ids of the partition's replicas in assignment order: the first is the preferred leader. */
    public List<Integer> replicasOf(String topic, int partition) {
        return ids(admin().partition(topic, partition).replicas()).collect(Collectors.toUnmodifiableList());
    }

    /** Ids of the partition's in-sync replicas as the cluster reports them now, ascending. */
    public List<Integer> isrOf(String topic, int partition) {
        return ids(admin().partition(topic, partition).isr()).sorted().collect(Collectors.toUnmodifiableList());
    }

    private static Stream<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id);
    }

    /**
     * The id of the broker coordinating the consumer group now, or -1 while its {@code __consumer_offsets} partition
     * has no leader. Asking creates {@code __consumer_offsets} if needed; the group need not exist.
     */
    public int groupCoordinatorOf(String groupId) {
        return idOrNone(admin().groupCoordinatorPartition(groupId).leader());
    }

    /** The broker coordinating {@code transactionalId}'s transactions (-1 for none), once it was initialized. */
    public int transactionCoordinatorOf(String transactionalId) {
        return idOrNone(admin().transactionCoordinatorPartition(transactionalId).leader());
    }

    private static int idOrNone(Node leader) {
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    /**
     * Waits until the partition's leader (-1 for none) satisfies {@code condition} and returns it. Describe calls that
     * fail meanwhile (a broker just killed) count as "not yet".
     */
    public int awaitLeader(String topic, int partition, IntPredicate condition, Duration timeout) {
        return awaitValue(timeout, "the leader of " + topic + "-" + partition,
                () -> leaderOf(topic, partition), condition::test);
    }

    /** Waits until the partition has a leader other than {@code formerLeader} and returns it. */
    public int awaitLeaderChange(String topic, int partition, int formerLeader, Duration timeout) {
        return awaitLeader(topic, partition, id -> id >= 0 && id != formerLeader, timeout);
    }

    /** Waits until the partition's ISR (ascending ids) satisfies {@code condition} and returns it. */
    public List<Integer> awaitIsr(String topic, int partition, Predicate<List<Integer>> condition, Duration timeout) {
        return awaitValue(timeout, "the ISR of " + topic + "-" + partition, () -> isrOf(topic, partition), condition);
    }

    private <T> T awaitValue(Duration timeout, String what, Supplier<T> value, Predicate<T> condition) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            Await.until(timeout, what, () -> attempt(value).map(v -> {
                last.set(v);
                return condition.test(v);
            }).orElse(false));
        } catch (KafkaTestSetupException e) {
            throw new KafkaTestSetupException(e.getMessage() + " (last seen: " + last.get() + ")", e);
        }
        return last.get();
    }

    /**
     * Makes each partition's preferred (first) replica its leader where it is in sync and not leading already, and
     * waits until the cluster reports it so.
     */
    public void electPreferredLeaders(String topic) {
        TopicDescription description = admin().describe(topic)
                .orElseThrow(() -> new KafkaTestSetupException("Topic " + topic + " does not exist"));
        Set<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        admin().electPreferredLeaders(partitions);
        Await.until(config.operationTimeout(), "preferred leaders of " + topic, () -> attempt(() -> admin().describe(
                topic).orElseThrow()).map(d -> d.partitions().stream().allMatch(p -> {
                    int preferred = p.replicas().get(0).id();
                    boolean inSync = p.isr().stream().anyMatch(n -> n.id() == preferred);
                    return !inSync || idOrNone(p.leader()) == preferred;
                })).orElse(false));
    }

    /**
     * Moves a partition to {@code replicas} (the first becomes the preferred leader) and waits until the reassignment
     * has completed; the leader changes only if the current one is no longer a replica.
     */
    public void reassign(String topic, int partition, List<Integer> replicas) {
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        admin().reassign(topicPartition, List.copyOf(replicas));
        Await.until(config.operationTimeout(), "reassignment of " + topicPartition + " to " + replicas,
                () -> attempt(() -> !admin().isReassigning(topicPartition) && replicasOf(topic, partition)
                        .equals(replicas)).orElse(false));
    }

    /**
     * Makes {@code brokerId}, which must be in the partition's ISR, its leader: reorders the replicas to put it first
     * and elects the preferred leader. The "leader moved during writes" case, without any broker going down.
     */
    public void moveLeader(String topic, int partition, int brokerId) {
        if (!isrOf(topic, partition).contains(brokerId)) {
            throw new IllegalArgumentException("Broker " + brokerId + " is not in the ISR of " + topic + "-"
                    + partition + ": " + isrOf(topic, partition));
        }
        List<Integer> replicas = new ArrayList<>(List.of(brokerId));
        replicasOf(topic, partition).stream().filter(id -> id != brokerId).forEach(replicas::add);
        reassign(topic, partition, replicas);
        admin().electPreferredLeaders(Set.of(new TopicPartition(topic, partition)));
        awaitLeader(topic, partition, id -> id == brokerId, config.operationTimeout());
    }

    private Broker broker(int brokerId) {
        Broker broker = brokers.get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker with id " + brokerId + "; ids are " + brokers.keySet());
        }
        return broker;
    }

    /**
     * Kills every process, closes the proxies and deletes the cluster's directory. A broker recording the class-data
     * archive for later clusters is stopped gracefully first, which is when its JVM writes the archive.
     */
    @Override
    public void close() {
        release(true);
        log.info("Kafka process cluster at {} closed", bootstrapServers());
    }

    private void release(boolean keepClassArchive) {
        admin().close();
        if (keepClassArchive) {
            brokers.values().stream().map(Broker::node).filter(KafkaNodeProcess::isTrainingClassArchive)
                    .forEach(node -> node.stop(STOP_TIMEOUT));
        }
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds nothing left to do
        }
    }

    private void destroy() {
        brokers.values().forEach(b -> b.node().kill());
        controller.kill();
        brokers.values().forEach(b -> b.proxy().close());
        TemporaryDirectories.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "KafkaProcessCluster[brokers=" + brokers.size() + ", bootstrapServers=" + bootstrapServers() + "]";
    }
}
