package io.kafkago.benchmarks.endtoend;

import io.kafkago.CooperativeStickyGroupBalancer;
import io.kafkago.GroupProtocol;
import io.kafkago.KafkaTimeoutException;
import io.kafkago.Message;
import io.kafkago.Reader;
import io.kafkago.ReaderConfig;
import io.kafkago.TopicPartition;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** A kafkago Reader in the rebalance benchmark; commits once a second, as the kafka-clients member auto-commits. */
final class KafkagoRebalanceMember extends RebalanceMember {

    private final Reader reader;

    KafkagoRebalanceMember(String name, String bootstrap, String topic, String group, Setting setting) {
        super(name);
        ReaderConfig.Builder config = ReaderConfig.builder().brokers(bootstrap).topic(topic).groupId(group)
                .startOffset(ReaderConfig.FIRST_OFFSET).commitInterval(Duration.ofSeconds(1))
                .onPartitionsRevoked(partitions -> {
                    if (!partitions.isEmpty()) {
                        onRevoke();
                    }
                });
        switch (setting) {
            case EAGER -> { } // the default balancers: range, then round robin
            case COOPERATIVE -> config.groupBalancers(new CooperativeStickyGroupBalancer());
            case CONSUMER -> config.groupProtocol(GroupProtocol.CONSUMER);
        }
        this.reader = new Reader(config.build());
    }

    @Override
    void consume() {
        try {
            while (running) {
                try {
                    Message message = reader.readMessage(Duration.ofMillis(100));
                    noteConsumed(message.partition(), message.time().toEpochMilli());
                } catch (KafkaTimeoutException e) {
                    // nothing right now
                }
            }
        } finally {
            reader.close();
        }
    }

    @Override
    Set<Integer> owned() {
        return reader.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
