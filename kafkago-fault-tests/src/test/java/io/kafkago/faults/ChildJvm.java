package io.kafkago.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Client applications run in JVMs of their own, so scenarios can SIGKILL them for real: started on this JVM's class
 * path, with a small heap, standard output in a file the scenario reads line by line.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code main} with {@code arguments}; its standard output goes to {@code output}, its log beside it. */
    static Process start(Class<?> main, Path output, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        try {
            return new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(output.resolveSibling(output.getFileName() + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + main.getSimpleName(), e);
        }
    }

    /** The complete lines the process printed so far (a line cut by a kill is left out). */
    static List<String> lines(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(text.lines().toList());
            if (!text.isEmpty() && !text.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + output, e);
        }
    }
}
