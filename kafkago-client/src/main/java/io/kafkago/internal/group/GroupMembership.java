package io.kafkago.internal.group;

import io.kafkago.TopicPartition;
import java.util.Set;

/**
 * A Reader's membership in a consumer group, run by a thread of its own: it learns the member's partitions from the
 * coordinator, points the fetch loop at them with their committed offsets, and keeps the member alive. One
 * implementation per group protocol: {@link ClassicMembership}, {@link ConsumerProtocolMembership}.
 */
public interface GroupMembership extends AutoCloseable {

    /** Starts joining the group. */
    void start();

    /** This member's commits. */
    GroupCommitter committer();

    /** The partitions assigned now (unmodifiable). */
    Set<TopicPartition> assignment();

    /** Flushes commits and leaves the group (a static member stays registered). Idempotent. */
    @Override
    void close();
}
