package io.kafkago;

/**
 * A consumer group as {@link Client#listGroups()} reports it.
 *
 * @param groupId group id
 * @param protocolType {@code consumer} for consumer groups, empty for groups that only commit offsets
 * @param state state such as {@code Stable} or {@code Empty}; empty when the broker does not say
 * @param type group type such as {@code classic} or {@code consumer}; empty when the broker does not say
 */
public record GroupListing(String groupId, String protocolType, String state, String type) {
}
