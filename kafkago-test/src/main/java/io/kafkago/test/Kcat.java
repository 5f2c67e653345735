package io.kafkago.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * kcat (librdkafka's command-line client, Debian package {@code kcat}) as an interop peer: tests that run it call
 * {@link #assumeInstalled()} first, so they are skipped, saying why, on a machine without it. CI installs it.
 */
public final class Kcat {

    private Kcat() {
    }

    /** Whether an executable {@code kcat} is on the {@code PATH}. */
    public static boolean isInstalled() {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "kcat")));
    }

    /** Aborts the calling test (JUnit reports it skipped) when kcat is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(isInstalled(), "kcat is not installed (Debian package kcat; .ci/run installs it)");
    }
}
