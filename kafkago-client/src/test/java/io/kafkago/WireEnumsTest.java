package io.kafkago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireEnumsTest {

    @Test
    void compressionIdsAreTheRecordBatchAttributeCodes() {
        assertThat(Compression.NONE.id()).isZero();
        assertThat(Compression.GZIP.id()).isEqualTo(1);
        assertThat(Compression.SNAPPY.id()).isEqualTo(2);
        assertThat(Compression.LZ4.id()).isEqualTo(3);
        assertThat(Compression.ZSTD.id()).isEqualTo(4);
        for (Compression compression : Compression.values()) {
            assertThat(Compression.fromId(compression.id())).isSameAs(compression);
            assertThat(compression.id())
                    .isEqualTo(org.apache.kafka.common.record.CompressionType.valueOf(compression.name()).id);
        }
        assertThatThrownBy(() -> Compression.fromId(5)).isInstanceOf(KafkaProtocolException.class).hasMessageContaining("5");
        assertThatThrownBy(() -> Compression.fromId(-1)).isInstanceOf(KafkaProtocolException.class);
    }

    @Test
    void requiredAcksValuesAreTheProduceRequestAcks() {
        assertThat(RequiredAcks.NONE.value()).isEqualTo((short) 0);
        assertThat(RequiredAcks.ONE.value()).isEqualTo((short) 1);
        assertThat(RequiredAcks.ALL.value()).isEqualTo((short) -1);
        for (RequiredAcks acks : RequiredAcks.values()) {
            assertThat(RequiredAcks.fromValue(acks.value())).isSameAs(acks);
        }
        assertThatThrownBy(() -> RequiredAcks.fromValue(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isolationLevelIdsMatchTheJavaClient() {
        assertThat(IsolationLevel.READ_UNCOMMITTED.id())
                .isEqualTo(org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED.id());
        assertThat(IsolationLevel.READ_COMMITTED.id())
                .isEqualTo(org.apache.kafka.common.IsolationLevel.READ_COMMITTED.id());
    }

    @Test
    void topicPartitionsOrderByTopicThenPartition() {
        assertThat(new TopicPartition("a", 2)).isLessThan(new TopicPartition("a", 10));
        assertThat(new TopicPartition("a", 10)).isLessThan(new TopicPartition("b", 0));
        assertThat(new TopicPartition("orders", 3)).hasToString("orders-3");
        assertThatThrownBy(() -> new TopicPartition("a", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokerAddressesBracketIpv6Hosts() {
        assertThat(new Broker(1, "kafka-1", 9092, null).address()).isEqualTo("kafka-1:9092");
        assertThat(new Broker(1, "::1", 9092, "r1").address()).isEqualTo("[::1]:9092");
    }
}
