/**
 * The admin {@code Client}'s engine: requests to create and delete topics and partitions, read and change configs,
 * list and describe groups, fetch and commit group offsets, list offsets and delete records, with their retries;
 * also the request builders the {@code internal.conn} engines share.
 */
package io.kafkago.internal.admin;
