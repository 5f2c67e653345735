package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** External mode pointed at a broker this test did not start through the external handle. */
class ExternalKafkaClusterIT {

    @Test
    void producesAndConsumesThroughAnExternalBrokerAddress() throws Exception {
        try (EmbeddedKafkaCluster broker = EmbeddedKafkaCluster.startSingleBroker();
                ExternalKafkaCluster external = ExternalKafkaCluster.connect(broker.bootstrapServers())) {
            assertThat(external.mode()).isEqualTo(BrokerMode.EXTERNAL);
            String topic = external.createUniqueTopic("external", 1);
            ClientRoundTrip.assertRoundTrip(external.clientProperties(), topic);
            external.close();
            assertThat(broker.leaderOf(topic, 0)).as("closing the handle leaves the broker running").isZero();
        }
    }

    @Test
    void failsClearlyWhenNoBrokerAnswers() throws Exception {
        int unusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            unusedPort = socket.getLocalPort();
        }
        String address = "localhost:" + unusedPort;
        assertThatThrownBy(() -> ExternalKafkaCluster.connect(address, Duration.ofSeconds(2)))
                .isInstanceOf(KafkaTestSetupException.class)
                .hasMessageContaining(address);
    }
}
