package io.kafkago.test.junit;

import io.kafkago.test.KafkaTestClusters;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the JVM-wide shared test brokers when the JUnit launcher session ends, so they shut down while the test
 * JVM is still running normally instead of racing the JVM's exit in a shutdown hook. Registered through
 * {@code META-INF/services}; nothing to configure.
 */
public final class SharedClustersSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KafkaTestClusters.closeShared();
    }
}
