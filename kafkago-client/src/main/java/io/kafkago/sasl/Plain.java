package io.kafkago.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SASL PLAIN (RFC 4616): user name and password sent as they are, so use it only over TLS or on a
 * trusted network.
 *
 * @param username the user name; not empty
 * @param password the password; never shown by {@link #toString()}
 */
public record Plain(String username, String password) implements SaslMechanism {

    /** Validates that both credentials are present and contain no NUL separator. */
    public Plain {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("SASL PLAIN username must not be empty");
        }
        if (username.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SASL PLAIN credentials must not contain NUL characters");
        }
    }

    @Override
    public String mechanismName() {
        return "PLAIN";
    }

    @Override
    public SaslExchange newExchange() {
        return new SingleMessageExchange(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Plain[username=" + username + ", password=****]";
    }
}
