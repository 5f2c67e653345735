package io.kafkago.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import org.junit.jupiter.api.Test;

/** A second class on the shared cluster: the suite starts Kafka only once. */
@KafkaTest
class OtherSharedClusterIT {

    @Test
    void seesTheSameBrokerAsEveryOtherClass(KafkaTestCluster cluster) {
        assertThat(cluster).isSameAs(KafkaTestClusters.shared());
    }
}
