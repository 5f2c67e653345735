package io.kafkago;

import java.util.List;
import java.util.Map;

/**
 * A partition assignment strategy of the classic consumer group protocol. Every member lists
 * the strategies it supports (by {@link #protocolName()}) when joining; the coordinator picks
 * one all members support, and the leader member runs its {@link #assignGroups} for everyone.
 * Names match the Java client's assignors where the algorithm does, so mixed groups work.
 *
 * <p>Implementations are pure functions of their input and thread-safe.
 */
public interface GroupBalancer {

    /** The protocol name sent in JoinGroup, e.g. {@code "range"}. */
    String protocolName();

    /**
     * Whether the balancer takes part in cooperative rebalancing (KIP-429): it never moves a partition straight from
     * one member to another, so members keep fetching what they keep through a rebalance and give up only what
     * moves. A member rebalances cooperatively when all its {@code groupBalancers} are cooperative; false by default.
     */
    default boolean cooperative() {
        return false;
    }

    /** Bytes this member adds to its subscription for the leader's balancer; empty by default. */
    default byte[] userData() {
        return new byte[0];
    }

    /**
     * Assigns partitions to members.
     *
     * @param members    every member of the group
     * @param partitions every partition of every topic some member subscribed to
     * @return for every member id (all are present), topic to partition ids in ascending order;
     *         topics with nothing assigned to the member are absent
     */
    Map<String, Map<String, List<Integer>>> assignGroups(List<GroupMember> members, List<Partition> partitions);
}
