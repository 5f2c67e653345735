package io.kafkago.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NodeClassArchiveTest {

    /** JVM options no real node uses, so these tests never meet (or publish) a real archive. */
    private final NodeClassArchive archive = NodeClassArchive.forNodes(
            List.of("-Dkafkago.test.archive-test=" + UUID.randomUUID()));

    @Test
    void nodesRunWithThisClassPathReleaseJarsFirst() {
        List<String> own = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty()).toList();
        List<String> node = List.of(archive.classPath().split(File.pathSeparator));

        assertThat(node).containsExactlyInAnyOrderElementsOf(own);
        int firstChanging = node.indexOf(node.stream().filter(NodeClassArchiveTest::changesWithBuilds).findFirst()
                .orElseThrow());
        assertThat(node.subList(firstChanging, node.size())).allMatch(NodeClassArchiveTest::changesWithBuilds);
    }

    private static boolean changesWithBuilds(String entry) {
        return !entry.endsWith(".jar") || entry.contains("SNAPSHOT");
    }

    @Test
    void withoutAnArchiveNodesGetNoSharingOptions() {
        assertThat(archive.useOptions()).isEmpty();
    }

    @Test
    void whatAJvmLeftAfterAnAbnormalExitIsDiscarded() throws Exception {
        Path training = archive.trainingFile();
        Files.write(training, new byte[] {1, 2, 3});

        archive.publish(training, 137);

        assertThat(training).doesNotExist();
        assertThat(archive.useOptions()).as("options to map a published archive").isEmpty();
    }

    @Test
    void anArchiveTheJvmCannotMapIsNotPublished() throws Exception {
        Path training = archive.trainingFile();
        Files.write(training, "not a class-data archive".getBytes());

        archive.publish(training, 143);

        assertThat(training).doesNotExist();
        assertThat(archive.useOptions()).as("options to map a published archive").isEmpty();
    }
}
