package io.kafkago;

/**
 * Authentication with a broker failed: wrong credentials, a mechanism the broker does not enable,
 * or a server that could not prove it knows the credentials (SCRAM). The message never contains
 * the password or token.
 */
public class KafkaAuthenticationException extends KafkaException {

    private static final long serialVersionUID = 1L;

    public KafkaAuthenticationException(String message) {
        super(message);
    }

    public KafkaAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
