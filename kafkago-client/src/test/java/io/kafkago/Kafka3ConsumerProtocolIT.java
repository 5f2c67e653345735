package io.kafkago;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkago.test.ReleasedKafkaBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consumer group protocol against a Kafka 3.9 broker, which does not serve it: a clear error, not a hang. */
class Kafka3ConsumerProtocolIT {

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

    @Test
    void aConsumerProtocolMemberOfABrokerWithoutTheProtocolFailsItsReadNamingTheSetting() {
        String topic = broker.createUniqueTopic("kip848-unsupported", 1);
        try (Reader reader = new Reader(ReaderConfig.builder().brokers(broker.bootstrapServers().split(","))
                .topic(topic).groupId(topic + "-g").groupProtocol(GroupProtocol.CONSUMER).build())) {
            assertThatThrownBy(() -> reader.readMessage(Duration.ofSeconds(30)))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessageContaining("consumer group protocol (KIP-848")
                    .hasMessageContaining("groupProtocol(GroupProtocol.CLASSIC)")
                    .hasMessageContaining("kafkago.reader.group-protocol=classic");
        }
    }
}
