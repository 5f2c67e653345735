package io.kafkago.test;

import io.kafkago.test.internal.AdministeredCluster;
import io.kafkago.test.internal.ClusterAdmin;
import io.kafkago.test.internal.TemporaryDirectories;
import io.kafkago.test.security.BrokerSecurity;
import io.kafkago.test.security.SecureListener;
import io.kafkago.test.security.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.MetadataCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Apache Kafka KRaft cluster inside the test JVM, built on Kafka's own test kit.
 *
 * <p>Test defaults (overridable with {@link EmbeddedKafkaClusterConfig#brokerProperties()}): internal topics
 * ({@code __consumer_offsets}, {@code __transaction_state}) get replication factor {@code min(brokers, 3)}, 5 partitions
 * and a minimum ISR of 1, so consumer groups and transactions work on one broker; the first group rebalance is not
 * delayed; brokers heartbeat every 500 ms and are fenced after 2 s, so failover tests see a new leader quickly;
 * unstable API and feature versions are off, so clients negotiate exactly what a released 4.1 broker offers.
 *
 * <p>Broker ids are {@code 0..brokers-1}; {@link #stopBroker(int)} and {@link #startBroker(int)} take such an id, and a
 * restarted broker listens on its old port again.
 */
public final class EmbeddedKafkaCluster extends AdministeredCluster {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final EmbeddedKafkaClusterConfig config;
    private final KafkaClusterTestKit kit;
    private final Duration startupDuration;
    private final Optional<Path> securityDirectory;
    private final BrokerSecurity security;

    private EmbeddedKafkaCluster(EmbeddedKafkaClusterConfig config, KafkaClusterTestKit kit, Duration startupDuration,
            Optional<Path> securityDirectory, BrokerSecurity security) {
        super(kit.bootstrapServers(), BrokerMode.EMBEDDED,
                new ClusterAdmin(kit.bootstrapServers(), config.operationTimeout()));
        this.config = config;
        this.kit = kit;
        this.startupDuration = startupDuration;
        this.securityDirectory = securityDirectory;
        this.security = security;
    }

    /** Starts a single-broker cluster with default settings. */
    public static EmbeddedKafkaCluster startSingleBroker() {
        return start(EmbeddedKafkaClusterConfig.builder().build());
    }

    /**
     * Formats storage in a fresh temporary directory, starts the controller and brokers, and returns once every broker
     * is registered, unfenced and has caught up with the cluster metadata.
     *
     * @throws KafkaTestSetupException if the cluster does not start
     */
    public static EmbeddedKafkaCluster start(EmbeddedKafkaClusterConfig config) {
        long startNanos = System.nanoTime();
        BrokerExitGuard.install();
        KafkaClusterTestKit kit = null;
        Optional<Path> securityDirectory = Optional.empty();
        try {
            BrokerSecurity security = null;
            if (config.securityListeners()) {
                securityDirectory = Optional.of(Files.createTempDirectory("kafkago-test-security"));
                security = BrokerSecurity.generate(securityDirectory.get());
                log.debug("Certificates and users generated after {} ms", (System.nanoTime() - startNanos) / 1_000_000);
            }
            kit = newTestKit(config, security);
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            log.debug("Brokers ready after {} ms", (System.nanoTime() - startNanos) / 1_000_000);
            if (security != null) {
                security = activate(kit, security, config.operationTimeout());
            }
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(config, kit,
                    Duration.ofNanos(System.nanoTime() - startNanos), securityDirectory, security);
            log.info("Embedded Kafka cluster with {} broker(s) started in {} ms at {}", config.brokers(),
                    cluster.startupDuration.toMillis(), cluster.bootstrapServers());
            return cluster;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(kit);
            securityDirectory.ifPresent(TemporaryDirectories::deleteQuietly);
            throw new KafkaTestSetupException("Cannot start an embedded Kafka cluster with " + config.brokers()
                    + " broker(s)", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    private static KafkaClusterTestKit newTestKit(EmbeddedKafkaClusterConfig config, BrokerSecurity security)
            throws Exception {
        boolean combined = config.brokers() == 1;
        TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder(BrokerDefaults.bootstrapMetadata(config.featureLevels()))
                .setCombined(combined)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(config.brokers());
        Map<String, String> properties = new HashMap<>(BrokerDefaults.brokerProperties(config.brokers()));
        Map<Integer, Map<String, String>> perBroker = new HashMap<>();
        if (!config.brokerRacks().isEmpty()) {
            List<Integer> ids = new ArrayList<>(new TreeMap<>(nodesBuilder.build().brokerNodes()).keySet());
            for (int i = 0; i < ids.size(); i++) {
                perBroker.computeIfAbsent(ids.get(i), id -> new HashMap<>()).put("broker.rack",
                        config.brokerRacks().get(i));
            }
        }
        if (security != null) {
            // A first build names the listeners and broker ids; the builder keeps its base directory and cluster id,
            // so the final build below describes the same nodes.
            TestKitNodes plainNodes = nodesBuilder.build();
            String plainListener = plainNodes.brokerListenerName().value();
            String controllerListener = plainNodes.controllerListenerName().value();
            properties.putAll(security.brokerProperties(plainListener + ":" + plainNodes.brokerListenerProtocol().name
                    + "," + controllerListener + ":" + plainNodes.controllerListenerProtocol().name));
            String listeners = plainListener + "://localhost:0,"
                    + (combined ? controllerListener + "://localhost:0," : "") + security.listenerSpecs();
            plainNodes.brokerNodes().keySet().forEach(id -> perBroker.computeIfAbsent(id, key -> new HashMap<>())
                    .put("listeners", listeners));
        }
        if (!perBroker.isEmpty()) {
            nodesBuilder.setPerServerProperties(perBroker);
        }
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodesBuilder.build());
        properties.putAll(config.brokerProperties());
        properties.forEach(builder::setConfigProp);
        return builder.build();
    }

    /** Registers the SCRAM users, waits until every broker knows them, and records the secured listeners' ports. */
    private static BrokerSecurity activate(KafkaClusterTestKit kit, BrokerSecurity security, Duration timeout) {
        security.registerScramUsers(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers()),
                timeout);
        Set<String> scramUsers = security.users().stream().filter(u -> u.mechanism().startsWith("SCRAM"))
                .map(TestUser::username).collect(Collectors.toSet());
        Await.until(timeout, "SCRAM users on every broker", () -> kit.brokers().values().stream().allMatch(b ->
                b.metadataCache().describeScramCredentials(new DescribeUserScramCredentialsRequestData()).results()
                        .stream().map(DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult::user)
                        .collect(Collectors.toSet()).containsAll(scramUsers)));
        Map<SecureListener, String> addresses = new EnumMap<>(SecureListener.class);
        for (SecureListener listener : SecureListener.values()) {
            ListenerName name = new ListenerName(listener.listenerName());
            addresses.put(listener, new TreeMap<>(kit.brokers()).values().stream()
                    .map(b -> "localhost:" + b.boundPort(name)).collect(Collectors.joining(",")));
        }
        return security.withBootstrapServers(addresses);
    }

    /**
     * The secured listeners' addresses, users and trust material. The addresses are those of the first start: unlike
     * the plaintext listener, a secured listener of a broker restarted with {@link #startBroker(int)} binds a new port.
     *
     * @throws IllegalStateException if the cluster was started without
     *                               {@link EmbeddedKafkaClusterConfig#securityListeners()}
     */
    public BrokerSecurity security() {
        if (security == null) {
            throw new IllegalStateException("This cluster has no security listeners; start it with "
                    + "EmbeddedKafkaClusterConfig.builder().securityListeners(true)");
        }
        return security;
    }

    /** Address ({@code localhost:port}) of one broker's plaintext listener; stable across restarts. */
    public String bootstrapServers(int brokerId) {
        return "localhost:" + broker(brokerId).boundPort(kit.nodes().brokerListenerName());
    }

    /** The settings this cluster was started with. */
    public EmbeddedKafkaClusterConfig config() {
        return config;
    }

    /** Wall-clock time {@link #start} took, from creating directories to all brokers ready. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /**
     * Creates the topic and waits until every running broker's metadata knows all its partitions and each partition's
     * leader has taken the partition up: a broker's metadata can name a new partition's leader a moment before that
     * broker serves it, and a produce meeting that moment fails with NOT_LEADER_OR_FOLLOWER, which with
     * {@code acks=0} is silent loss.
     */
    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        super.createTopic(name, partitions, replicationFactor, configs);
        Await.until(config.operationTimeout(), "metadata of topic " + name + " on every running broker",
                () -> runningBrokers().stream().allMatch(b -> b.metadataCache().numPartitions(name)
                        .map(n -> n == partitions).orElse(false)));
        Await.until(config.operationTimeout(), "every partition of topic " + name + " served by its leader",
                () -> IntStream.range(0, partitions).allMatch(p -> isLedLocally(name, p)));
    }

    private boolean isLedLocally(String topic, int partition) {
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        return runningBrokers().stream().map(b -> b.replicaManager().onlinePartition(topicPartition))
                .anyMatch(online -> online.isDefined() && online.get().isLeader());
    }

    /**
     * Shuts one broker down (controlled shutdown: its partitions move to other replicas first) and waits until it has
     * stopped.
     */
    public void stopBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        broker.shutdown();
        broker.awaitShutdown();
        log.info("Embedded Kafka broker {} stopped", brokerId);
    }

    /**
     * Starts a stopped broker again on its old port and waits until the controller has unfenced it and every running
     * broker knows it is alive.
     */
    public void startBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        if (!broker.isShutdown()) {
            throw new IllegalStateException("Broker " + brokerId + " is running");
        }
        broker.startup();
        Await.until(config.operationTimeout(), "broker " + brokerId + " to rejoin the cluster",
                () -> runningBrokers().stream().map(BrokerServer::metadataCache)
                        .allMatch(cache -> isAliveAndUnfenced(cache, brokerId)));
        log.info("Embedded Kafka broker {} started again", brokerId);
    }

    private static boolean isAliveAndUnfenced(MetadataCache cache, int brokerId) {
        return cache.hasAliveBroker(brokerId) && !cache.isBrokerFenced(brokerId);
    }

    /** Whether the broker with this id is running (not stopped by {@link #stopBroker(int)}). */
    public boolean isBrokerRunning(int brokerId) {
        return !broker(brokerId).isShutdown();
    }

    /** Ids of all brokers, running or not, in ascending order. */
    public List<Integer> brokerIds() {
        return List.copyOf(new TreeMap<>(kit.brokers()).keySet());
    }

    /** The id of the partition's current leader as the cluster reports it, or -1 while it has none. */
    public int leaderOf(String topic, int partition) {
        Node leader = admin().partition(topic, partition).leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    /** Ids of the partition's in-sync replicas as the cluster reports them now. */
    public List<Integer> inSyncReplicasOf(String topic, int partition) {
        TopicPartitionInfo info = admin().partition(topic, partition);
        return info.isr().stream().map(Node::id).sorted().collect(Collectors.toUnmodifiableList());
    }

    private BrokerServer broker(int brokerId) {
        BrokerServer broker = kit.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker with id " + brokerId + "; ids are " + brokerIds());
        }
        return broker;
    }

    private List<BrokerServer> runningBrokers() {
        return kit.brokers().values().stream().filter(b -> !b.isShutdown()).collect(Collectors.toList());
    }

    @Override
    public void close() {
        admin().close();
        closeQuietly(kit);
        securityDirectory.ifPresent(TemporaryDirectories::deleteQuietly);
        log.info("Embedded Kafka cluster at {} stopped", bootstrapServers());
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) {
            return;
        }
        try {
            kit.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Error while stopping the embedded Kafka cluster", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[brokers=" + config.brokers() + ", bootstrapServers=" + bootstrapServers() + "]";
    }
}
