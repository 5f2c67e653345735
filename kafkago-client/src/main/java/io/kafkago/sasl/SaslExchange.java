package io.kafkago.sasl;

/**
 * One client side of a SASL conversation: the first message, then one answer per server
 * challenge until the mechanism is satisfied. Not thread-safe; used by one connection once.
 */
public interface SaslExchange {

    /** The client's first message. */
    byte[] initialResponse();

    /**
     * Answers a server message.
     *
     * @return the next client message, or {@code null} when the exchange is complete and nothing
     *     more must be sent
     * @throws io.kafkago.KafkaAuthenticationException when the server's message is invalid or proves the
     *     server does not know the credentials
     */
    byte[] evaluateChallenge(byte[] challenge);

    /** True once the server's last message has been verified. */
    boolean isComplete();
}
