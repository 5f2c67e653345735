package io.kafkago;

/**
 * How a group member learns its partitions, chosen with {@code ReaderConfig.Builder.groupProtocol}.
 */
public enum GroupProtocol {

    /**
     * The classic protocol (JoinGroup / SyncGroup): the group's leader member runs one of the reader's
     * {@code groupBalancers}; every rebalance is a barrier all members pass together. Works with every broker.
     */
    CLASSIC,

    /**
     * The consumer protocol of KIP-848 (ConsumerGroupHeartbeat, Kafka 4.0+): the coordinator assigns partitions
     * itself ({@code groupRemoteAssignor}) and moves them one member at a time, so members that keep their
     * partitions go on reading while others join or leave. Subscriptions may be a regular expression.
     */
    CONSUMER
}
