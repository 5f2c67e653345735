package io.kafkago.benchmarks.endtoend;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A kafka-clients KafkaConsumer in the rebalance benchmark, auto-committing once a second. */
final class KafkaClientsRebalanceMember extends RebalanceMember {

    private final Properties properties = new Properties();
    private final String topic;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    KafkaClientsRebalanceMember(String name, String bootstrap, String topic, String group, Setting setting) {
        super(name);
        this.topic = topic;
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "1000");
        switch (setting) {
            case EAGER -> properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            case COOPERATIVE -> properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    CooperativeStickyAssignor.class.getName());
            case CONSUMER -> properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        }
    }

    @Override
    void consume() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> owned.remove(tp.partition()));
                    if (!partitions.isEmpty()) {
                        onRevoke();
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> owned.add(tp.partition()));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> owned.remove(tp.partition()));
                }
            });
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    noteConsumed(record.partition(), record.timestamp());
                }
            }
        }
    }

    @Override
    Set<Integer> owned() {
        return Set.copyOf(owned);
    }
}
