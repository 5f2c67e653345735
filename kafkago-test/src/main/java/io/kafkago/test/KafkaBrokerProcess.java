package io.kafkago.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft broker (combined broker and controller) in a separate JVM, started with {@code kafka.Kafka} from this JVM's
 * class path. Storage is formatted in process (as {@code kafka-storage format} would), the broker's output goes to
 * {@code broker.log} in its directory, and {@link #close()} stops it gracefully and deletes the directory.
 */
public final class KafkaBrokerProcess implements KafkaTestCluster {

    /** How long {@link #start()} waits for the broker to answer. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** Heap of the broker JVM: plenty for tests and benchmarks on small machines. */
    public static final String DEFAULT_MAX_HEAP = "512m";

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final Path directory;
    private final String bootstrapServers;
    private final TopicAdministrator topics;
    private final Thread shutdownHook;
    private final Duration startupDuration;

    private KafkaBrokerProcess(Process process, Path directory, String bootstrapServers, Duration startupDuration) {
        this.process = process;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.topics = new TopicAdministrator(bootstrapServers, EmbeddedKafkaClusterConfig.DEFAULT_OPERATION_TIMEOUT);
        this.startupDuration = startupDuration;
        this.shutdownHook = new Thread(process::destroyForcibly, "kafkago-test-broker-process-kill");
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
        Process process = null;
        try {
            directory = Files.createTempDirectory("kafkago-test-broker");
            int brokerPort = freePort();
            int controllerPort = freePort();
            Path dataDirectory = directory.resolve("data");
            Path configFile = directory.resolve("server.properties");
            writeConfig(configFile, config(brokerPort, controllerPort, dataDirectory, brokerProperties));
            format(dataDirectory);
            process = new ProcessBuilder(command(configFile))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("broker.log").toFile())
                    .start();
            awaitListening(process, brokerPort, directory);
            KafkaBrokerProcess broker = new KafkaBrokerProcess(process, directory, "localhost:" + brokerPort,
                    Duration.ofNanos(System.nanoTime() - startNanos));
            broker.topics.clusterId();
            log.info("Kafka broker process {} started in {} ms at {}", process.pid(), broker.startupDuration.toMillis(),
                    broker.bootstrapServers);
            return broker;
        } catch (IOException | RuntimeException e) {
            String logTail = directory == null ? "" : logTail(directory);
            if (process != null) {
                process.destroyForcibly();
            }
            TemporaryDirectories.deleteQuietly(directory);
            throw new KafkaTestSetupException("Cannot start a Kafka broker process" + logTail, e);
        }
    }

    private static Map<String, String> config(int brokerPort, int controllerPort, Path dataDirectory,
            Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(BrokerDefaults.brokerProperties(1));
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        config.put("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:"
                + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", dataDirectory.toString());
        config.putAll(overrides);
        return config;
    }

    private static void writeConfig(Path file, Map<String, String> config) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "kafkago-test broker process");
        }
    }

    private static void format(Path dataDirectory) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(Set.of(dataDirectory.toString()))
                    .setMetadataLogDirectory(dataDirectory.toString())
                    .setReleaseVersion(BrokerDefaults.bootstrapMetadata().metadataVersion())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new KafkaTestSetupException("Cannot format broker storage in " + dataDirectory, e);
        }
    }

    private static List<String> command(Path configFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + DEFAULT_MAX_HEAP);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("kafka.Kafka");
        command.add(configFile.toString());
        return command;
    }

    private static void awaitListening(Process process, int port, Path directory) {
        Await.until(DEFAULT_START_TIMEOUT, "the broker process to listen on port " + port, () -> {
            if (!process.isAlive()) {
                throw new KafkaTestSetupException("The broker process exited with code " + process.exitValue()
                        + logTail(directory));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String logTail(Path directory) {
        Path logFile = directory.resolve("broker.log");
        try {
            List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
            return lines.isEmpty() ? "" : "; end of " + logFile + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "; cannot read " + logFile + ": " + e.getMessage();
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public BrokerMode mode() {
        return BrokerMode.PROCESS;
    }

    /** Wall-clock time {@link #start} took, from formatting storage to the broker answering. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /** Operating-system id of the broker process. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        topics.createTopic(name, partitions, replicationFactor, configs);
    }

    @Override
    public void deleteTopic(String name) {
        topics.deleteTopic(name);
    }

    /** Stops the broker (SIGTERM: controlled shutdown, then forcibly after 30 s) and deletes its directory. */
    @Override
    public void close() {
        topics.close();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Kafka broker process {} did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds the process gone
        }
        TemporaryDirectories.deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[pid=" + process.pid() + ", bootstrapServers=" + bootstrapServers + "]";
    }
}
