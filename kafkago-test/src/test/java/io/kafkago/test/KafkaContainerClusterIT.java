package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.Test;

class KafkaContainerClusterIT {

    @Test
    void producesAndConsumesThroughTheKafkaContainer() throws Exception {
        assumeThat(TestcontainersKafkaCluster.isDockerAvailable())
                .as("Testcontainers found no Docker engine; the Testcontainers broker mode cannot run here")
                .isTrue();
        try (TestcontainersKafkaCluster cluster = TestcontainersKafkaCluster.start(
                TestcontainersKafkaCluster.DEFAULT_IMAGE)) {
            assertThat(cluster.mode()).isEqualTo(BrokerMode.TESTCONTAINERS);
            String topic = cluster.createUniqueTopic("container", 1);
            ClientRoundTrip.assertRoundTrip(cluster.clientProperties(), topic);
        }
    }
}
