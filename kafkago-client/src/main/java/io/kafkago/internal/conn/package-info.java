/**
 * The engine behind {@code Dialer}, {@code Conn} and {@code Batch}: opening a broker connection and finding a
 * partition's leader, the produce, fetch, offset, metadata and topic requests of one connection, and walking the
 * records of one fetch.
 */
package io.kafkago.internal.conn;
