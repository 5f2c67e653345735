package io.kafkago;

import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.EmbeddedKafkaClusterConfig;
import io.kafkago.test.KafkaTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The transaction scenarios on a cluster of its own that finalized transaction version 1, as brokers before 4.0 (and
 * 4.x clusters not upgraded to it) have: the Writer must fall back to AddPartitionsToTxn and AddOffsetsToTxn.
 */
class ClassicTransactionIT extends TransactionScenarios {

    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.start(EmbeddedKafkaClusterConfig.builder()
                .featureLevel("transaction.version", (short) 1).build());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    KafkaTestCluster kafka() {
        return cluster;
    }

    @Override
    short expectedTransactionVersion() {
        return 1;
    }
}
