package io.kafkago.test.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application class-data sharing (AppCDS) archive of the classes a Kafka node loads, kept in
 * {@code java.io.tmpdir/kafkago-test-cds} and shared by every node JVM with the same JDK, JVM options and dependency
 * jars. Mapping the archive instead of loading and verifying classes roughly halves a node's start-up CPU, which is
 * what start-up costs on a small machine.
 *
 * <p>The archive is written by one node JVM as it exits after a graceful stop ({@code -XX:ArchiveClassesAtExit});
 * it is checked with {@code -Xshare:on} before it is published by an atomic rename, because the JVM may crash on a
 * truncated archive, while a stale or mismatched one is merely ignored. The node class path lists release jars first,
 * so that class directories and SNAPSHOT jars, which change with every build, come after every archived class and are
 * not part of the archive's identity.
 */
final class NodeClassArchive {

    private static final Logger log = LoggerFactory.getLogger(NodeClassArchive.class);
    private static final Path DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"), "kafkago-test-cds");
    private static final String SUFFIX = ".jsa";
    /** Archives kept; each is about 45 MB, and a new one appears whenever a dependency jar changes. */
    private static final int KEPT_ARCHIVES = 3;
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final List<String> classPath;
    private final Path archive;

    private NodeClassArchive(List<String> classPath, Path archive) {
        this.classPath = classPath;
        this.archive = archive;
    }

    /** The archive for nodes of this JVM's class path started with {@code jvmOptions}. */
    static NodeClassArchive forNodes(List<String> jvmOptions) {
        List<String> releaseJars = new ArrayList<>();
        List<String> changing = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            boolean release = entry.endsWith(".jar") && !entry.contains("SNAPSHOT")
                    && Files.isRegularFile(Path.of(entry));
            (release ? releaseJars : changing).add(entry);
        }
        List<String> classPath = Stream.concat(releaseJars.stream(), changing.stream()).collect(Collectors.toList());
        return new NodeClassArchive(List.copyOf(classPath), DIRECTORY.resolve(key(jvmOptions, releaseJars) + SUFFIX));
    }

    private static String key(List<String> jvmOptions, List<String> releaseJars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> parts = new ArrayList<>(List.of(System.getProperty("java.home"),
                    System.getProperty("java.vm.version")));
            parts.addAll(jvmOptions);
            for (String jar : releaseJars) {
                Path path = Path.of(jar);
                parts.add(jar + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis());
            }
            digest.update(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unkeyed";
        }
    }

    /** The class path a node JVM runs with: this JVM's, release jars first. */
    String classPath() {
        return String.join(File.pathSeparator, classPath);
    }

    /** Options that make a node JVM map the archive, or none while there is no archive yet. */
    List<String> useOptions() {
        if (!Files.isReadable(archive)) {
            return List.of();
        }
        try {
            Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // the time only decides which archives are pruned first
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces");
    }

    /** A fresh file a training JVM writes the archive to on exit. */
    Path trainingFile() throws IOException {
        Files.createDirectories(DIRECTORY);
        return Files.createTempFile(DIRECTORY, archive.getFileName().toString(), ".training");
    }

    /**
     * Publishes what a training JVM wrote to {@code trainingFile} if it exited normally and the JVM can map it;
     * otherwise discards it.
     */
    void publish(Path trainingFile, int exitCode) {
        try {
            if (isNormalExit(exitCode) && Files.size(trainingFile) > 0 && mapsCleanly(trainingFile)) {
                Files.move(trainingFile, archive, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                log.info("Class-data archive for Kafka node JVMs written to {}", archive);
                prune();
            }
        } catch (IOException e) {
            log.debug("Cannot publish the class-data archive {}: {}", trainingFile, e.toString());
        } finally {
            discard(trainingFile);
        }
    }

    /** 0, or 143 after SIGTERM: the JVM ran its exit path, which writes the archive. */
    private static boolean isNormalExit(int exitCode) {
        return exitCode == 0 || exitCode == 128 + 15;
    }

    private boolean mapsCleanly(Path candidate) throws IOException {
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + candidate, "-cp", classPath(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!check.waitFor(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check.destroyForcibly();
            return false;
        }
    }

    static void discard(Path trainingFile) {
        try {
            Files.deleteIfExists(trainingFile);
        } catch (IOException e) {
            log.debug("Cannot delete {}: {}", trainingFile, e.toString());
        }
    }

    /** Keeps the most recently used archives and removes training files their JVMs abandoned. */
    private static void prune() throws IOException {
        Instant abandoned = Instant.now().minus(ABANDONED_AFTER);
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            List<Path> archives = new ArrayList<>();
            for (Path file : files.collect(Collectors.toList())) {
                if (file.getFileName().toString().endsWith(SUFFIX)) {
                    archives.add(file);
                } else if (Files.getLastModifiedTime(file).toInstant().isBefore(abandoned)) {
                    Files.deleteIfExists(file);
                }
            }
            archives.sort(Comparator.comparing(NodeClassArchive::lastModified).reversed());
            for (Path old : archives.subList(Math.min(KEPT_ARCHIVES, archives.size()), archives.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
