package io.kafkago.test;

import io.kafkago.test.internal.AdministeredCluster;
import io.kafkago.test.internal.ClusterAdmin;
import io.kafkago.test.internal.KafkaNodeProcess;
import io.kafkago.test.internal.TemporaryDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft broker (combined broker and controller) in a separate JVM, started with {@code kafka.Kafka} from this JVM's
 * class path. Storage is formatted in process (as {@code kafka-storage format} would), the broker's output goes to
 * {@code broker.log} in its directory, and {@link #close()} stops it gracefully and deletes the directory.
 */
public final class KafkaBrokerProcess extends AdministeredCluster {

    /** How long {@link #start()} waits for the broker to answer. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** Heap of the broker JVM: plenty for tests and benchmarks on small machines. */
    public static final String DEFAULT_MAX_HEAP = "512m";

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaNodeProcess node;
    private final Path directory;
    private final Thread shutdownHook;
    private final Duration startupDuration;

    private KafkaBrokerProcess(KafkaNodeProcess node, Path directory, String bootstrapServers,
            Duration startupDuration) {
        super(bootstrapServers, BrokerMode.PROCESS,
                new ClusterAdmin(bootstrapServers, EmbeddedKafkaClusterConfig.DEFAULT_OPERATION_TIMEOUT));
        this.node = node;
        this.directory = directory;
        this.startupDuration = startupDuration;
        this.shutdownHook = new Thread(node::kill, "kafkago-test-broker-process-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with the test defaults. */
    public static KafkaBrokerProcess start() {
        return start(Map.of());
    }

    /**
     * Starts a broker with the test defaults plus {@code brokerProperties} and waits until it answers.
     *
     * @throws KafkaTestSetupException if it does not start within {@link #DEFAULT_START_TIMEOUT}; the message carries
     *                                 the end of the broker's log
     */
    public static KafkaBrokerProcess start(Map<String, String> brokerProperties) {
        long startNanos = System.nanoTime();
        Path directory = null;
        KafkaNodeProcess node = null;
        try {
            directory = Files.createTempDirectory("kafkago-test-broker");
            List<Integer> ports = KafkaNodeProcess.freePorts(2);
            int brokerPort = ports.get(0);
            int controllerPort = ports.get(1);
            node = KafkaNodeProcess.create("broker", directory, config(brokerPort, controllerPort, brokerProperties),
                    Uuid.randomUuid().toString(), List.of("-Xmx" + DEFAULT_MAX_HEAP), true);
            node.start();
            node.awaitListening(brokerPort, DEFAULT_START_TIMEOUT);
            KafkaBrokerProcess broker = new KafkaBrokerProcess(node, directory, "localhost:" + brokerPort,
                    Duration.ofNanos(System.nanoTime() - startNanos));
            broker.admin().clusterId();
            log.info("Kafka broker process {} started in {} ms at {}", node.pid(), broker.startupDuration.toMillis(),
                    broker.bootstrapServers());
            return broker;
        } catch (IOException | RuntimeException e) {
            String failure = node == null ? "" : ": " + node.describe();
            if (node != null) {
                node.kill();
            }
            TemporaryDirectories.deleteQuietly(directory);
            throw new KafkaTestSetupException("Cannot start a Kafka broker process" + failure, e);
        }
    }

    private static Map<String, String> config(int brokerPort, int controllerPort, Map<String, String> overrides) {
        Map<String, String> config = BrokerDefaults.singleNodeConfig(brokerPort, controllerPort);
        config.putAll(overrides);
        return config;
    }

    /** Wall-clock time {@link #start} took, from formatting storage to the broker answering. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /** Operating-system id of the broker process. */
    public long pid() {
        return node.pid();
    }

    /** Stops the broker (SIGTERM: controlled shutdown, then forcibly after 30 s) and deletes its directory. */
    @Override
    public void close() {
        admin().close();
        node.stop(STOP_TIMEOUT);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds the process gone
        }
        TemporaryDirectories.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[pid=" + node.pid() + ", bootstrapServers=" + bootstrapServers() + "]";
    }
}
