package io.kafkago.sasl;

import io.kafkago.KafkaAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * SASL OAUTHBEARER (RFC 7628, KIP-255): sends a bearer token obtained from the application.
 * The supplier is asked for a token on every authentication, including re-authentication before
 * the broker's session expires, so it can hand out refreshed tokens.
 *
 * @param tokenSupplier gives the current access token (compact JWS or any token the broker's
 *     validator accepts); never called by {@link #toString()}
 */
public record OAuthBearer(Supplier<String> tokenSupplier) implements SaslMechanism {

    /** Validates that a supplier is present. */
    public OAuthBearer {
        Objects.requireNonNull(tokenSupplier, "tokenSupplier");
    }

    /** A mechanism that always sends the same token (tests, short-lived tools). */
    public static OAuthBearer ofToken(String token) {
        Objects.requireNonNull(token, "token");
        return new OAuthBearer(() -> token);
    }

    @Override
    public String mechanismName() {
        return "OAUTHBEARER";
    }

    @Override
    public SaslExchange newExchange() {
        String token = tokenSupplier.get();
        if (token == null || token.isBlank()) {
            throw new KafkaAuthenticationException("OAUTHBEARER token supplier returned no token");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new KafkaAuthenticationException(
                        "OAUTHBEARER token contains a character outside printable ASCII at index " + i);
            }
        }
        byte[] first = ("n,,\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.US_ASCII);
        return new BearerExchange(first);
    }

    @Override
    public String toString() {
        return "OAuthBearer[token=****]";
    }

    /**
     * Client side of RFC 7628: one message; a non-empty server answer is an error status (JSON)
     * that the client acknowledges with a single 0x01 byte, after which the broker fails the
     * authentication with its own error.
     */
    private static final class BearerExchange implements SaslExchange {
        private final byte[] first;
        private String serverError;
        private boolean complete;

        BearerExchange(byte[] first) {
            this.first = first;
        }

        @Override
        public byte[] initialResponse() {
            return first;
        }

        @Override
        public byte[] evaluateChallenge(byte[] challenge) {
            if (serverError != null) {
                throw new KafkaAuthenticationException("OAUTHBEARER rejected by the broker: " + serverError);
            }
            if (challenge.length == 0) {
                complete = true;
                return null;
            }
            serverError = new String(challenge, StandardCharsets.UTF_8);
            return new byte[] {0x01};
        }

        @Override
        public boolean isComplete() {
            return complete;
        }
    }
}
