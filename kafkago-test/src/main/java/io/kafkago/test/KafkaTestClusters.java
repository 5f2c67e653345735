package io.kafkago.test;

import io.kafkago.test.security.BrokerSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the broker the environment asks for (see {@link BrokerSettings}), and holds the JVM-wide shared one.
 *
 * <p>The shared cluster lets a whole test suite pay the broker start-up once: it starts on first use and stops when
 * the JVM exits. Tests sharing it should use unique topic names ({@link TestTopics}).
 */
public final class KafkaTestClusters {

    private static final Logger log = LoggerFactory.getLogger(KafkaTestClusters.class);
    private static final Object LOCK = new Object();
    private static KafkaTestCluster shared;
    private static EmbeddedKafkaCluster securedShared;

    private KafkaTestClusters() {
    }

    /**
     * Returns the JVM-wide shared cluster, starting it on first call according to {@link BrokerSettings#fromEnvironment()}.
     * Calling {@code close()} on it does nothing; a JVM shutdown hook stops it.
     */
    public static KafkaTestCluster shared() {
        synchronized (LOCK) {
            if (shared == null) {
                KafkaTestCluster cluster = start(BrokerSettings.fromEnvironment());
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kafkago-test-shared-cluster-stop"));
                shared = new SharedKafkaTestCluster(cluster);
            }
            return shared;
        }
    }

    /**
     * Returns the JVM-wide shared embedded cluster with {@link EmbeddedKafkaClusterConfig#securityListeners() security
     * listeners}, starting it on first call (always embedded: the secured listeners need broker-side setup). Calling
     * {@code close()} on it does nothing; a JVM shutdown hook stops it. Its users and trust material are
     * {@link #sharedSecurity()}.
     */
    public static KafkaTestCluster sharedSecured() {
        return new SharedKafkaTestCluster(securedShared());
    }

    /** The secured listeners, users and trust material of {@link #sharedSecured()}. */
    public static BrokerSecurity sharedSecurity() {
        return securedShared().security();
    }

    private static EmbeddedKafkaCluster securedShared() {
        synchronized (LOCK) {
            if (securedShared == null) {
                EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(
                        EmbeddedKafkaClusterConfig.builder().securityListeners(true).build());
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kafkago-test-secured-cluster-stop"));
                securedShared = cluster;
            }
            return securedShared;
        }
    }

    /** Starts (or connects to) a new cluster as {@code settings} say; the caller closes it. */
    public static KafkaTestCluster start(BrokerSettings settings) {
        log.debug("Starting a Kafka test cluster: {}", settings);
        switch (settings.mode()) {
            case EMBEDDED:
                return EmbeddedKafkaCluster.startSingleBroker();
            case EXTERNAL:
                return ExternalKafkaCluster.connect(settings.externalAddress().orElseThrow());
            case PROCESS:
                return KafkaBrokerProcess.start();
            case TESTCONTAINERS:
                requireTestcontainers();
                return TestcontainersKafkaCluster.start(settings.image());
            default:
                throw new IllegalStateException("Unhandled broker mode " + settings.mode());
        }
    }

    private static void requireTestcontainers() {
        try {
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, KafkaTestClusters.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new KafkaTestSetupException("Broker mode testcontainers needs org.testcontainers:testcontainers-kafka"
                    + " on the test classpath", e);
        }
    }
}
