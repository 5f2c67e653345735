package io.kafkago;

import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.ReleasedKafkaBroker;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The transaction scenarios against a real Kafka 3.9 broker (in a process of its own, {@link ReleasedKafkaBroker}):
 * a release without KIP-890, whose brokers offer no transaction version 2 and no Produce v12, so the Writer must take
 * the classic path (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit and EndTxn of that line) by itself.
 */
class Kafka3TransactionIT extends TransactionScenarios {

    private static ReleasedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = ReleasedKafkaBroker.startKafka3();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    KafkaTestCluster kafka() {
        return broker;
    }

    @Override
    short expectedTransactionVersion() {
        return 0;
    }

    @Override
    List<GroupProtocol> groupProtocols() {
        return List.of(GroupProtocol.CLASSIC); // Kafka 3.9 serves the consumer protocol only as a preview, off by default
    }
}
