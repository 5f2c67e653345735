package io.kafkago;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.junit.KafkaTest;

/** The transaction scenarios on the shared cluster: Kafka 4.x defaults, transaction version 2 (KIP-890). */
@KafkaTest
class TransactionIT extends TransactionScenarios {

    KafkaTestCluster kafka;

    @Override
    KafkaTestCluster kafka() {
        return kafka;
    }

    @Override
    short expectedTransactionVersion() {
        return 2;
    }
}
