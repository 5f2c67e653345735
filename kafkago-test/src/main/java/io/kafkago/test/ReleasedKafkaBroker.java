package io.kafkago.test;

import io.kafkago.test.internal.AdministeredCluster;
import io.kafkago.test.internal.ClusterAdmin;
import io.kafkago.test.internal.KafkaNodeProcess;
import io.kafkago.test.internal.TemporaryDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * One KRaft broker (combined broker and controller) of another Kafka release than the test brokers', in a JVM of its
 * own: for tests of protocol paths that only older brokers take (Kafka 3.x: no KIP-890 transactions, no KIP-848
 * groups). The release comes as a class path file, e.g. {@code kafkago-kafka3-broker/target/kafka.classpath} (Kafka
 * 3.9), which Maven writes; storage is formatted with that release's own {@code StorageTool}. {@link #close()} stops
 * the broker and deletes its directory.
 */
public final class ReleasedKafkaBroker extends AdministeredCluster {

    /** The system property the build sets to the Kafka 3.9 class path file. */
    public static final String KAFKA3_CLASS_PATH_PROPERTY = "kafkago.test.kafka3.classpath";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path directory;
    private final Thread shutdownHook;

    private ReleasedKafkaBroker(Process process, Path directory, String bootstrapServers, Thread shutdownHook) {
        super(bootstrapServers, BrokerMode.PROCESS,
                new ClusterAdmin(bootstrapServers, EmbeddedKafkaClusterConfig.DEFAULT_OPERATION_TIMEOUT));
        this.process = process;
        this.directory = directory;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts a Kafka 3.9 broker from the class path file named by {@value #KAFKA3_CLASS_PATH_PROPERTY}.
     *
     * @throws KafkaTestSetupException when the property is unset, the file missing, or the broker does not start
     */
    public static ReleasedKafkaBroker startKafka3() {
        String file = System.getProperty(KAFKA3_CLASS_PATH_PROPERTY);
        if (file == null || file.isBlank()) {
            throw new KafkaTestSetupException("-D" + KAFKA3_CLASS_PATH_PROPERTY + " is not set: it names the class path "
                    + "file of the Kafka 3.9 broker (built by the kafkago-kafka3-broker module)");
        }
        return start(Path.of(file));
    }

    /**
     * Starts a broker of the release whose class path (one line, entries separated by the path separator) is in
     * {@code classPathFile}, and waits until it answers.
     *
     * @throws KafkaTestSetupException when the file cannot be read or the broker does not start; the message carries
     *                                 the end of the broker's log
     */
    public static ReleasedKafkaBroker start(Path classPathFile) {
        String classPath;
        try {
            classPath = Files.readString(classPathFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new KafkaTestSetupException("Cannot read the broker class path " + classPathFile
                    + " (build the kafkago-kafka3-broker module first)", e);
        }
        Path directory = null;
        Process process = null;
        Path log = null;
        Thread hook = null;
        ReleasedKafkaBroker broker = null;
        try {
            directory = Files.createTempDirectory("kafkago-test-released-broker");
            log = directory.resolve("broker.log");
            List<Integer> ports = KafkaNodeProcess.freePorts(2);
            Path config = writeConfig(directory, ports.get(0), ports.get(1));
            Path logging = directory.resolve("log4j.properties");
            Files.writeString(logging, String.join(System.lineSeparator(), "log4j.rootLogger=INFO, file",
                    "log4j.appender.file=org.apache.log4j.FileAppender",
                    "log4j.appender.file.File=" + log,
                    "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.file.layout.ConversionPattern=%d{HH:mm:ss.SSS} %p %c{1} - %m%n"));
            List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dlog4j.configuration=" + logging.toUri(), "-cp", classPath);
            format(java, config, log);
            List<String> command = new ArrayList<>(java);
            command.addAll(List.of("kafka.Kafka", config.toString()));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // a test JVM that dies without closing the broker must not leave it running
            hook = new Thread(process::destroyForcibly, "kafkago-test-released-broker-kill");
            Runtime.getRuntime().addShutdownHook(hook);
            String bootstrapServers = "localhost:" + ports.get(0);
            Process started = process;
            Await.until(START_TIMEOUT, "the released Kafka broker to answer at " + bootstrapServers, () -> {
                if (!started.isAlive()) {
                    throw new KafkaTestSetupException("the broker exited with " + started.exitValue());
                }
                return KafkaNodeProcess.isListening(ports.get(0));
            });
            broker = new ReleasedKafkaBroker(process, directory, bootstrapServers, hook);
            broker.admin().clusterId();
            return broker;
        } catch (IOException | RuntimeException e) {
            String tail = log == null ? "" : KafkaNodeProcess.logTail(log);
            if (broker != null) {
                broker.admin().close();
            }
            if (process != null) {
                destroyAndWait(process);
            }
            if (hook != null) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            TemporaryDirectories.deleteQuietly(directory);
            throw new KafkaTestSetupException("Cannot start the released Kafka broker from " + classPathFile + tail, e);
        }
    }

    private static Path writeConfig(Path directory, int brokerPort, int controllerPort) throws IOException {
        Map<String, String> config = BrokerDefaults.singleNodeConfig(brokerPort, controllerPort);
        config.put("log.dirs", directory.resolve("data").toString());
        Properties properties = new Properties();
        properties.putAll(config);
        Path file = directory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "kafkago-test released broker");
        }
        return file;
    }

    /** Formats the storage with the release's own tool, as {@code kafka-storage format} does. */
    private static void format(List<String> java, Path config, Path log) throws IOException {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new KafkaTestSetupException("formatting the storage failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new KafkaTestSetupException("interrupted while formatting the storage", e);
        }
    }

    /** Stops the broker (SIGTERM: controlled shutdown, then forcibly) and deletes its directory. */
    @Override
    public void close() {
        admin().close();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                destroyAndWait(process);
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

    /** SIGKILL, and wait for the process to be gone, so its directory can be deleted. */
    private static void destroyAndWait(Process process) {
        try {
            process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ReleasedKafkaBroker[pid=" + process.pid() + ", bootstrapServers=" + bootstrapServers() + "]";
    }
}
