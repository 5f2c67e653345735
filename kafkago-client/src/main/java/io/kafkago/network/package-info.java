/**
 * Broker connections: sockets, TLS, SASL, request pipelining, connection pool and metadata cache.
 *
 * <p>The API Writer, Reader and Client build on (stable; additions only):
 * <ul>
 *   <li>{@link io.kafkago.network.ConnectionSettings}: client id, dial and request timeouts, TLS, SASL,
 *       maximum response size. {@code io.kafkago.Dialer#settings()} builds one from user config.</li>
 *   <li>{@code BrokerConnection}: one TCP/TLS connection, one reader thread, many requests in flight.
 *       {@code BrokerConnection.open(BrokerAddress, ConnectionSettings)} returns at once;
 *       {@code ready()} completes after ApiVersions and SASL. {@code short negotiatedVersion(ApiKey)};
 *       {@code <T extends ApiMessage> CompletableFuture<T> send(ApiMessage)} (negotiated version, default
 *       timeout) and {@code send(ApiMessage, short version (-1: negotiated), Duration timeout)};
 *       {@code sendWithoutResponse(...)} for Produce with acks=0. A timed-out request fails with
 *       {@code KafkaTimeoutException} and the connection stays usable; {@code close()} fails every pending
 *       future with {@code KafkaConnectionException}. Futures complete on the connection's reader thread:
 *       do not block in callbacks. {@code BrokerConnection.await(future, timeoutNanos, what)} waits with
 *       kafkago's timeout and interruption exceptions.</li>
 *   <li>{@code ConnectionPool}: one connection per broker address, shared, reopened lazily when closed;
 *       {@code connection(BrokerAddress)}, {@code connection(int nodeId)}, {@code anyConnection()} return
 *       {@code CompletableFuture<BrokerConnection>}; {@code metadata()} gives the pool's {@code MetadataCache}.</li>
 *   <li>{@code MetadataCache}: brokers, controller, partitions with leader and leader epoch;
 *       {@code refresh(topics)}, {@code leader(topic, partition)}, {@code invalidate(topic)} on stale-metadata
 *       errors ({@code MetadataCache.isStaleMetadataError(ErrorCode)}), {@code coordinator(CoordinatorType, key)}
 *       with {@code invalidateCoordinator(...)}.</li>
 * </ul>
 */
package io.kafkago.network;
