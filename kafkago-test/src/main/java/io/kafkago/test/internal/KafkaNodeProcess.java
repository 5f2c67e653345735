package io.kafkago.test.internal;

import io.kafkago.test.Await;
import io.kafkago.test.KafkaTestSetupException;
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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka KRaft node (broker, controller or both) in a separate JVM running {@code kafka.Kafka} from this JVM's class
 * path, mapping a shared class-data archive once one exists ({@link NodeClassArchive}). Its directory holds
 * {@code server.properties}, the formatted storage ({@code data/}) and the node's output ({@code <name>.log}). A
 * killed or stopped node can be started again with the same config, storage and ports; each start appends to the same
 * log.
 *
 * <p>The owner registers any JVM shutdown hook; this class only manages the process.
 */
public final class KafkaNodeProcess {

    /** Lines of the node's log a failure message quotes. */
    private static final int LOG_TAIL_LINES = 40;

    private static final Logger log = LoggerFactory.getLogger(KafkaNodeProcess.class);
    private static final Duration DEATH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_PROBE_TIMEOUT = Duration.ofMillis(200);
    /** The node logs at INFO with timestamps (when slf4j-simple is the binding), so its log explains failures. */
    private static final List<String> LOGGING_OPTIONS = List.of(
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    private final String name;
    private final Path configFile;
    private final Path logFile;
    private final List<String> jvmOptions;
    private final NodeClassArchive classArchive;
    private final boolean trainsClassArchive;
    private Process process;
    private boolean paused;
    /** Where this node's JVM writes a class-data archive when it exits, while it is training one. */
    private Path trainingFile;

    private KafkaNodeProcess(String name, Path configFile, Path logFile, List<String> jvmOptions,
            boolean trainsClassArchive) {
        this.name = name;
        this.configFile = configFile;
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classArchive = NodeClassArchive.forNodes(jvmOptions);
        this.trainsClassArchive = trainsClassArchive;
    }

    /**
     * Writes the node's config into {@code directory} (with {@code log.dirs} set to its {@code data/} directory) and
     * formats the storage as {@code kafka-storage format} would, with the latest production metadata version. The
     * node is not started.
     *
     * @param name names the log file and appears in messages, e.g. {@code broker-1}
     * @param config must contain {@code node.id} and {@code controller.listener.names}
     * @param clusterId the same for every node of a cluster
     * @param jvmOptions heap and GC flags for the node's JVM
     * @param trainsClassArchive whether this node, while no class-data archive for its JVM options exists, records
     *                           one when it is {@linkplain #stop stopped} gracefully
     *                           (see {@link #isTrainingClassArchive})
     */
    public static KafkaNodeProcess create(String name, Path directory, Map<String, String> config, String clusterId,
            List<String> jvmOptions, boolean trainsClassArchive) {
        Path dataDirectory = directory.resolve("data");
        Path configFile = directory.resolve("server.properties");
        Map<String, String> fullConfig = new HashMap<>(config);
        fullConfig.put("log.dirs", dataDirectory.toString());
        try {
            Files.createDirectories(directory);
            writeConfig(configFile, fullConfig, name);
        } catch (IOException e) {
            throw new KafkaTestSetupException("Cannot write the config of " + name + " to " + configFile, e);
        }
        format(dataDirectory, Integer.parseInt(config.get("node.id")), clusterId,
                config.get("controller.listener.names"));
        return new KafkaNodeProcess(name, configFile, directory.resolve(name + ".log"), jvmOptions,
                trainsClassArchive);
    }

    private static void writeConfig(Path file, Map<String, String> config, String name) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "kafkago-test " + name);
        }
    }

    private static void format(Path dataDirectory, int nodeId, String clusterId, String controllerListener) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(Set.of(dataDirectory.toString()))
                    .setMetadataLogDirectory(dataDirectory.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(controllerListener)
                    .run();
        } catch (Exception e) {
            throw new KafkaTestSetupException("Cannot format Kafka storage in " + dataDirectory, e);
        }
    }

    /**
     * {@code count} distinct ports nothing listens on right now, for nodes' listeners (all bound at once, so no two are
     * the same).
     */
    public static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new KafkaTestSetupException("Cannot find " + count + " free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // the port was only reserved for a moment
                }
            }
        }
    }

    /** Launches the node's JVM, mapping the class-data archive if there is one; the node must not be running. */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is running (pid " + process.pid() + ")");
        }
        try {
            if (process != null) {
                Files.writeString(logFile, System.lineSeparator() + "----- kafkago-test: " + name + " started again at "
                        + Instant.now() + " -----" + System.lineSeparator(), StandardOpenOption.APPEND);
            }
            process = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            paused = false;
            log.debug("{} started as process {}", name, process.pid());
        } catch (IOException e) {
            throw new KafkaTestSetupException("Cannot start " + name + " with " + configFile, e);
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(classArchiveOptions());
        command.addAll(LOGGING_OPTIONS);
        command.add("-cp");
        command.add(classArchive.classPath());
        command.add("kafka.Kafka");
        command.add(configFile.toString());
        return command;
    }

    private List<String> classArchiveOptions() {
        discardTraining();
        List<String> use = classArchive.useOptions();
        if (!use.isEmpty() || !trainsClassArchive) {
            return use;
        }
        try {
            trainingFile = classArchive.trainingFile();
        } catch (IOException e) {
            log.debug("No class-data archive will be recorded: {}", e.toString());
            return List.of();
        }
        return List.of("-XX:ArchiveClassesAtExit=" + trainingFile);
    }

    private void discardTraining() {
        if (trainingFile != null) {
            NodeClassArchive.discard(trainingFile);
            trainingFile = null;
        }
    }

    /**
     * Whether the running node will write the class-data archive when {@linkplain #stop stopped} gracefully; an owner
     * that otherwise kills its nodes should stop this one instead.
     */
    public synchronized boolean isTrainingClassArchive() {
        return trainingFile != null && isAlive();
    }

    /**
     * Waits until the node accepts connections on {@code port}.
     *
     * @throws KafkaTestSetupException at once if the process exits, or after {@code timeout} (quote {@link #describe()}
     *                                 to say why)
     */
    public void awaitListening(int port, Duration timeout) {
        Await.until(timeout, name + " to listen on port " + port, () -> {
            if (!isAlive()) {
                throw new KafkaTestSetupException(name + " exited");
            }
            return isListening(port);
        });
    }

    /** Whether something accepts connections on {@code port} of localhost. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), (int) CONNECT_PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the node at once (SIGKILL: no shutdown, no flush) and waits until the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitDeath(process);
        paused = false;
        discardTraining();
    }

    /**
     * Stops the node gracefully (SIGTERM: a broker first hands its partitions to other replicas) and waits up to
     * {@code timeout}; a node still running then is killed.
     */
    public synchronized void stop(Duration timeout) {
        if (!isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} (pid {}) did not stop within {}; killing it", name, process.pid(), timeout);
                kill();
            } else if (trainingFile != null) {
                classArchive.publish(trainingFile, process.exitValue());
                trainingFile = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Freezes the node (SIGSTOP): its sockets stay open but it answers nothing, like a long GC pause. */
    public synchronized void pause() {
        requireAlive();
        signal("STOP");
        paused = true;
    }

    /** Lets a paused node run on (SIGCONT). */
    public synchronized void resume() {
        requireAlive();
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (kill.waitFor() != 0) {
                throw new KafkaTestSetupException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new KafkaTestSetupException("Cannot send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaTestSetupException("Interrupted sending SIG" + signal + " to " + name, e);
        }
    }

    private void requireAlive() {
        if (!isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
    }

    private static void awaitDeath(Process process) {
        try {
            if (!process.waitFor(DEATH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Process {} still alive {} after SIGKILL", process.pid(), DEATH_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the node's process exists (a paused node is alive). */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether the node is paused by {@link #pause()}. */
    public synchronized boolean isPaused() {
        return paused && isAlive();
    }

    /** Operating-system id of the node's current (or last) process. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** The node's name, as given to {@link #create}. */
    public String name() {
        return name;
    }

    /** Where the node's output goes (appended to on every start). */
    public Path logFile() {
        return logFile;
    }

    /** The node's state and the end of its log, for failure messages. */
    public synchronized String describe() {
        String state = process == null ? "never started"
                : process.isAlive() ? "pid " + process.pid() + (paused ? ", paused" : ", running")
                : "pid " + process.pid() + ", exited with code " + process.exitValue();
        return name + " (" + state + ")" + logTail();
    }

    private String logTail() {
        return logTail(logFile);
    }

    /** The end of a node's log file, for failure messages. */
    public static String logTail(Path logFile) {
        try {
            List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
            return lines.isEmpty() ? "; " + logFile + " is empty" : "; end of " + logFile + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "; cannot read " + logFile + ": " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return "KafkaNodeProcess[" + name + "]";
    }
}
