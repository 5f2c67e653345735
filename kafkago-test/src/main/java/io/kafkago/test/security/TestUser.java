package io.kafkago.test.security;

import java.util.Objects;

/**
 * A SASL user known to a secured test broker.
 *
 * @param username the login name
 * @param password the password; never shown by {@link #toString()}
 * @param mechanism the SASL mechanism the user is registered for: {@code PLAIN}, {@code SCRAM-SHA-256} or
 *                  {@code SCRAM-SHA-512}
 */
public record TestUser(String username, String password, String mechanism) {

    /** Validates that every component is present. */
    public TestUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(mechanism, "mechanism");
    }

    /** The same user with another password, for tests that must fail authentication. */
    public TestUser withPassword(String otherPassword) {
        return new TestUser(username, otherPassword, mechanism);
    }

    @Override
    public String toString() {
        return "TestUser[username=" + username + ", mechanism=" + mechanism + ", password=****]";
    }
}
