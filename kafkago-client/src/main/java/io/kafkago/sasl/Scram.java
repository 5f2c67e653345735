package io.kafkago.sasl;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * SASL SCRAM-SHA-256 or SCRAM-SHA-512 (RFC 5802, RFC 7677): the password never crosses the wire,
 * and the client checks that the broker knows the user's salted credentials too.
 *
 * @param algorithm the hash function, which names the mechanism
 * @param username the user name; not empty
 * @param password the password; never shown by {@link #toString()}
 */
public record Scram(Algorithm algorithm, String username, String password) implements SaslMechanism {

    /** The two SCRAM hash functions Kafka supports. */
    public enum Algorithm {
        /** SCRAM-SHA-256. */
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256"),
        /** SCRAM-SHA-512. */
        SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512");

        private final String mechanismName;
        private final String digestName;
        private final String macName;

        Algorithm(String mechanismName, String digestName, String macName) {
            this.mechanismName = mechanismName;
            this.digestName = digestName;
            this.macName = macName;
        }

        /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
        public String mechanismName() {
            return mechanismName;
        }

        String digestName() {
            return digestName;
        }

        String macName() {
            return macName;
        }
    }

    private static final SecureRandom NONCE_SOURCE = new SecureRandom();

    /** Validates that every part is present. */
    public Scram {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("SCRAM username must not be empty");
        }
    }

    /** SCRAM-SHA-256 with the given credentials. */
    public static Scram sha256(String username, String password) {
        return new Scram(Algorithm.SHA_256, username, password);
    }

    /** SCRAM-SHA-512 with the given credentials. */
    public static Scram sha512(String username, String password) {
        return new Scram(Algorithm.SHA_512, username, password);
    }

    @Override
    public String mechanismName() {
        return algorithm.mechanismName();
    }

    @Override
    public SaslExchange newExchange() {
        byte[] random = new byte[24];
        NONCE_SOURCE.nextBytes(random);
        String nonce = Base64.getEncoder().withoutPadding().encodeToString(random);
        return new ScramExchange(algorithm, username, password, nonce);
    }

    @Override
    public String toString() {
        return "Scram[algorithm=" + algorithm + ", username=" + username + ", password=****]";
    }
}
