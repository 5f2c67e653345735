package io.kafkago.test;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/** Broker settings shared by the brokers kafkago-test starts itself (in-JVM and as a separate process). */
final class BrokerDefaults {

    private static final String BOOTSTRAP_SOURCE = "kafkago-test";

    private BrokerDefaults() {
    }

    /**
     * The metadata version and feature levels a released broker of this Kafka version bootstraps with (Kafka's test kit
     * would otherwise enable unreleased ones), with {@code overrides} replacing some levels.
     */
    static BootstrapMetadata bootstrapMetadata(Map<String, Short> overrides) {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            features.put(feature.featureName(), feature.defaultLevel(version));
        }
        features.putAll(overrides);
        return BootstrapMetadata.fromVersions(version, features, BOOTSTRAP_SOURCE);
    }

    /**
     * The config of a single-node cluster (one process, broker and controller) listening on localhost: the test
     * defaults of {@link #brokerProperties(int)}, node id 1, plaintext listeners on the two ports.
     */
    static Map<String, String> singleNodeConfig(int brokerPort, int controllerPort) {
        Map<String, String> config = new HashMap<>(brokerProperties(1));
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        config.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        return config;
    }

    /**
     * Test-friendly broker configs: internal topics small and replicated {@code min(brokers, 3)} times with a minimum ISR
     * of 1 (so groups and transactions work on one broker), no initial rebalance delay, fast fencing of stopped
     * brokers, and only released API and feature versions.
     */
    static Map<String, String> brokerProperties(int brokers) {
        String internalReplicas = Integer.toString(Math.min(brokers, 3));
        return Map.ofEntries(
                Map.entry("offsets.topic.replication.factor", internalReplicas),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", internalReplicas),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("broker.heartbeat.interval.ms", "500"),
                Map.entry("broker.session.timeout.ms", "2000"),
                Map.entry("unstable.api.versions.enable", "false"),
                Map.entry("unstable.feature.versions.enable", "false"));
    }
}
