/** Consumer-group membership (classic protocol): coordinator, join/sync, heartbeats, assignments and generation-fenced offset commits. */
package io.kafkago.internal.group;
