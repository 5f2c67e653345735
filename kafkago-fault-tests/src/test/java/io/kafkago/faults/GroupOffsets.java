package io.kafkago.faults;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Committed and end offsets as the cluster reports them, read with kafka-clients' Admin (never with the client under
 * test), by partition id. A {@link io.kafkago.test.fault.KafkaProcessCluster} is asked through its direct listeners, so
 * proxy faults do not disturb the checks.
 */
final class GroupOffsets implements AutoCloseable {

    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final Admin admin;

    GroupOffsets(String bootstrapServers) {
        this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    GroupOffsets(Map<String, Object> adminProperties) {
        this.admin = Admin.create(adminProperties);
    }

    /** The group's committed offset of each partition of {@code topic} that has one. */
    Map<Integer, Long> committed(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        Map<Integer, Long> byPartition = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                byPartition.put(partition.partition(), offset.offset());
            }
        });
        return byPartition;
    }

    /** The end offset (next offset to be written) of each of the {@code partitions} first partitions of the topic. */
    Map<Integer, Long> ends(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return get(admin.listOffsets(latest).all()).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted asking the cluster for offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read offsets from the cluster: " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
