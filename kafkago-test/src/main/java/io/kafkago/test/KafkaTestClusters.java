package io.kafkago.test;

import io.kafkago.test.security.BrokerSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the broker the environment asks for (see {@link BrokerSettings}), and holds the JVM-wide shared one.
 *
 * <p>The shared cluster lets a whole test suite pay the broker start-up once: it starts on first use and stops when
 * the JUnit launcher session ends ({@link io.kafkago.test.junit.SharedClustersSessionListener}), or else when the JVM
 * exits. Tests sharing it should use unique topic names ({@link TestTopics}).
 */
public final class KafkaTestClusters {

    private static final Logger log = LoggerFactory.getLogger(KafkaTestClusters.class);
    private static final Object LOCK = new Object();
    private static KafkaTestCluster shared;
    private static KafkaTestCluster sharedOwner;
    private static EmbeddedKafkaCluster securedShared;
    private static boolean shutdownHookAdded;

    private KafkaTestClusters() {
    }

    /**
     * Returns the JVM-wide shared cluster, starting it on first call according to {@link BrokerSettings#fromEnvironment()}.
     * Calling {@code close()} on it does nothing; {@link #closeShared()} stops it.
     */
    public static KafkaTestCluster shared() {
        synchronized (LOCK) {
            if (shared == null) {
                sharedOwner = start(BrokerSettings.fromEnvironment());
                addShutdownHookOnce();
                shared = new SharedKafkaTestCluster(sharedOwner);
            }
            return shared;
        }
    }

    /**
     * Returns the JVM-wide shared embedded cluster with {@link EmbeddedKafkaClusterConfig#securityListeners() security
     * listeners}, starting it on first call (always embedded: the secured listeners need broker-side setup). Calling
     * {@code close()} on it does nothing; {@link #closeShared()} stops it. Its users and trust material are
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
                securedShared = EmbeddedKafkaCluster.start(
                        EmbeddedKafkaClusterConfig.builder().securityListeners(true).build());
                addShutdownHookOnce();
            }
            return securedShared;
        }
    }

    /**
     * Stops the shared clusters, if started; a later {@link #shared()} starts a new one. Stopping them while the
     * test JVM is still fully alive, rather than in a shutdown hook, lets the brokers shut down cleanly.
     */
    public static void closeShared() {
        KafkaTestCluster plain;
        KafkaTestCluster secured;
        synchronized (LOCK) {
            plain = sharedOwner;
            secured = securedShared;
            shared = null;
            sharedOwner = null;
            securedShared = null;
        }
        if (plain != null) {
            plain.close();
        }
        if (secured != null) {
            secured.close();
        }
    }

    private static void addShutdownHookOnce() {
        if (!shutdownHookAdded) {
            Runtime.getRuntime().addShutdownHook(
                    new Thread(KafkaTestClusters::closeShared, "kafkago-test-shared-clusters-stop"));
            shutdownHookAdded = true;
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
