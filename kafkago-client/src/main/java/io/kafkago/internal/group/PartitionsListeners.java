package io.kafkago.internal.group;

import io.kafkago.PartitionsListener;
import io.kafkago.TopicPartition;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the application's {@link PartitionsListener}s for a group member: a listener that throws is logged, not fatal. */
final class PartitionsListeners {

    private static final Logger log = LoggerFactory.getLogger(PartitionsListeners.class);

    private PartitionsListeners() {
    }

    static void tell(String groupId, PartitionsListener listener, Set<TopicPartition> partitions, String name) {
        try {
            listener.onPartitions(partitions);
        } catch (RuntimeException e) {
            log.error("group {}: {} listener failed", groupId, name, e);
        }
    }
}
