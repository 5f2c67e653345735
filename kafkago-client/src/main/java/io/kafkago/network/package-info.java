/**
 * Broker connections: sockets, TLS, SASL, request pipelining, connection pool and metadata cache.
 *
 * <p>The API Writer, Reader and Client build on:
 * <ul>
 *   <li>{@link io.kafkago.network.ConnectionSettings}: client id, dial and request timeouts, TLS, SASL,
 *       maximum response size; {@code io.kafkago.Dialer#settings()} builds one from user config.</li>
 *   <li>{@link io.kafkago.network.BrokerConnection}: one TCP/TLS connection, one reader thread, many
 *       requests in flight. {@code open(BrokerAddress, ConnectionSettings)} returns at once and
 *       {@code ready()} completes after ApiVersions (and SASL); {@code negotiatedVersion(ApiKey)};
 *       {@code send(ApiMessage)} (negotiated version, default timeout), {@code send(ApiMessage, version, timeout)}
 *       (version -1 means negotiated) and {@code sendWithoutResponse(...)} for Produce with acks=0. A timed-out
 *       request fails with {@code KafkaTimeoutException} and the connection stays usable; {@code close()} fails
 *       every pending future with {@code KafkaConnectionException}. Futures complete on the reader thread: do
 *       not block in callbacks. {@code BrokerConnection.await(future, timeoutNanos, what)} waits with
 *       kafkago's timeout and interruption exceptions.</li>
 *   <li>{@link io.kafkago.network.ConnectionPool}: one connection per broker address, shared, reopened lazily
 *       when closed: {@code connection(BrokerAddress)}, {@code connection(int nodeId)}, {@code anyConnection()}
 *       (and {@code anyConnection(avoid)}, passing over given brokers while others can be reached), each a
 *       {@code CompletableFuture<BrokerConnection>}; {@code metadata()} is the pool's cache. When no broker
 *       connects and one refused the credentials, {@code anyConnection()} fails with that
 *       {@code KafkaAuthenticationException} itself; {@link io.kafkago.network.Failures#accessDenied(Throwable)}
 *       tells callers which errors no retry will cure.</li>
 *   <li>{@link io.kafkago.network.MetadataCache}: {@link io.kafkago.network.ClusterMetadata} (brokers,
 *       controller, {@link io.kafkago.network.TopicMetadata} and {@link io.kafkago.network.PartitionMetadata}
 *       with leader and leader epoch); {@code refresh(topics)} (asking the next broker when one fails to answer),
 *       {@code topic(name)}, {@code leader(topic, partition)},
 *       {@code invalidate(topic)} after errors for which {@code isStaleMetadataError(ErrorCode)} holds;
 *       {@code coordinator(CoordinatorType, key)} with {@code invalidateCoordinator(...)}.</li>
 * </ul>
 */
package io.kafkago.network;
