package io.kafkago.spring.boot.test;

import io.kafkago.spring.boot.autoconfigure.KafkaGoConnectionDetails;
import io.kafkago.test.KafkaTestCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@link KafkaGoConnectionDetails} of a kafkago-test broker or cluster: its plaintext bootstrap servers, read on
 * each call (a restarted broker may listen on a new port).
 */
public final class KafkaTestClusterConnectionDetails implements KafkaGoConnectionDetails {

    private final KafkaTestCluster cluster;

    /** The connection details of {@code cluster}. */
    public KafkaTestClusterConnectionDetails(KafkaTestCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    @Override
    public List<String> getBrokers() {
        return Arrays.stream(cluster.bootstrapServers().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }

    @Override
    public String toString() {
        return "KafkaTestClusterConnectionDetails[brokers=" + getBrokers() + "]";
    }
}
