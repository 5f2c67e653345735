package io.kafkago.network;

import io.kafkago.KafkaAuthenticationException;
import io.kafkago.protocol.ApiKey;
import io.kafkago.protocol.ApiMessage;
import io.kafkago.ErrorCode;
import io.kafkago.protocol.message.SaslAuthenticateRequest;
import io.kafkago.protocol.message.SaslAuthenticateResponse;
import io.kafkago.protocol.message.SaslHandshakeRequest;
import io.kafkago.protocol.message.SaslHandshakeResponse;
import io.kafkago.sasl.SaslExchange;
import io.kafkago.sasl.SaslMechanism;

/**
 * Runs SaslHandshake (v1) then SaslAuthenticate rounds until the mechanism is satisfied, over
 * whatever request path the caller gives: the dialing thread's direct exchange at connect, or the
 * pipelined path when re-authenticating (KIP-368). Error messages never contain credentials.
 */
final class SaslAuthenticator {

    /** Sends one request and waits for its response. */
    @FunctionalInterface
    interface RoundTrip {
        ApiMessage exchange(ApiMessage request, short version);
    }

    private SaslAuthenticator() {
    }

    /**
     * Authenticates.
     *
     * @return the session lifetime the broker granted in milliseconds, 0 when it sets none
     * @throws KafkaAuthenticationException when the broker refuses the mechanism or credentials,
     *     or the server's messages fail the mechanism's checks
     */
    static long authenticate(SaslMechanism mechanism, ApiVersionTable versions, RoundTrip roundTrip, String broker) {
        short handshakeVersion = versions.negotiatedVersion(ApiKey.SASL_HANDSHAKE);
        if (handshakeVersion < 1) {
            throw new KafkaAuthenticationException("broker " + broker
                    + " only speaks SaslHandshake v0 (Kafka before 1.0), which this client does not support");
        }
        short authenticateVersion = versions.negotiatedVersion(ApiKey.SASL_AUTHENTICATE);
        SaslHandshakeResponse handshake = (SaslHandshakeResponse) roundTrip.exchange(
                new SaslHandshakeRequest().setMechanism(mechanism.mechanismName()), handshakeVersion);
        if (handshake.errorCode() != 0) {
            ErrorCode error = ErrorCode.forCode(handshake.errorCode());
            throw new KafkaAuthenticationException("broker " + broker + " refused SASL mechanism "
                    + mechanism.mechanismName() + " (" + error + "); it enables " + handshake.mechanisms());
        }
        SaslExchange exchange = mechanism.newExchange();
        byte[] next = exchange.initialResponse();
        long sessionLifetimeMs = 0;
        while (next != null) {
            SaslAuthenticateResponse response = (SaslAuthenticateResponse) roundTrip.exchange(
                    new SaslAuthenticateRequest().setAuthBytes(next), authenticateVersion);
            if (response.errorCode() != 0) {
                ErrorCode error = ErrorCode.forCode(response.errorCode());
                String detail = response.errorMessage() == null ? error.toString() : response.errorMessage();
                throw new KafkaAuthenticationException(mechanism.mechanismName() + " authentication with broker "
                        + broker + " failed: " + detail);
            }
            sessionLifetimeMs = authenticateVersion >= 1 ? response.sessionLifetimeMs() : 0;
            next = exchange.evaluateChallenge(response.authBytes() == null ? new byte[0] : response.authBytes());
        }
        if (!exchange.isComplete()) {
            throw new KafkaAuthenticationException(mechanism.mechanismName() + " exchange with broker " + broker
                    + " ended before the mechanism completed");
        }
        return sessionLifetimeMs;
    }
}
