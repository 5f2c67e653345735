package io.kafkago.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaBrokerProcessIT {

    @Test
    void runsABrokerInASeparateJvmReachableInExternalMode() throws Exception {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(Map.of("num.partitions", "2"));
        ProcessHandle handle;
        try {
            System.out.printf("broker process started in %d ms%n", broker.startupDuration().toMillis());
            handle = ProcessHandle.of(broker.pid()).orElseThrow();
            assertThat(handle.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(broker.mode()).isEqualTo(BrokerMode.PROCESS);

            BrokerSettings settings = new BrokerSettings(BrokerMode.EXTERNAL, Optional.of(broker.bootstrapServers()),
                    TestcontainersKafkaCluster.DEFAULT_IMAGE);
            try (KafkaTestCluster external = KafkaTestClusters.start(settings)) {
                assertThat(external).isInstanceOf(ExternalKafkaCluster.class);
                String topic = external.createUniqueTopic("process", 1);
                ClientRoundTrip.assertRoundTrip(external.clientProperties(), topic);
            }
        } finally {
            broker.close();
        }
        assertThat(handle.isAlive()).isFalse();
    }
}
