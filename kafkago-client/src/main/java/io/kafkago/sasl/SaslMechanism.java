package io.kafkago.sasl;

/**
 * How a connection proves who it is to the broker, once per connection (and again before the
 * broker's session lifetime runs out). Set it on a {@code Dialer}; the connection layer runs the
 * SaslHandshake and SaslAuthenticate exchange with a fresh {@link SaslExchange} each time.
 *
 * <p>Implementations never expose secrets in {@code toString()}.
 */
public sealed interface SaslMechanism permits Plain, Scram, OAuthBearer {

    /** The mechanism name sent in SaslHandshake, e.g. {@code "SCRAM-SHA-512"}. */
    String mechanismName();

    /** Starts one authentication exchange; each exchange is used by one connection, once. */
    SaslExchange newExchange();
}
