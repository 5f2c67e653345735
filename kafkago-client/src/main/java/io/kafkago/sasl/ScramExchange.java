package io.kafkago.sasl;

import io.kafkago.KafkaAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client side of one SCRAM conversation (RFC 5802 section 3): client-first, server-first,
 * client-final with the proof, server-final with the signature the client verifies.
 * No channel binding ({@code n,,}); the user name is escaped as the RFC requires.
 */
final class ScramExchange implements SaslExchange {

    /** RFC 7677 asks for at least 4096 iterations; fewer weakens the stored credential. */
    static final int MIN_ITERATIONS = 4096;
    /** Kafka brokers accept at most 16384; a larger count from a server is refused, not computed. */
    static final int MAX_ITERATIONS = 16384;

    private static final String GS2_HEADER = "n,,";

    private enum State { CLIENT_FIRST_SENT, CLIENT_FINAL_SENT, COMPLETE }

    private final Scram.Algorithm algorithm;
    private final String password;
    private final String clientNonce;
    private final String clientFirstBare;
    private byte[] expectedServerSignature;
    private State state = State.CLIENT_FIRST_SENT;

    ScramExchange(Scram.Algorithm algorithm, String username, String password, String clientNonce) {
        this.algorithm = algorithm;
        this.password = password;
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + escapeName(username) + ",r=" + clientNonce;
    }

    @Override
    public byte[] initialResponse() {
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        String message = new String(challenge, StandardCharsets.UTF_8);
        switch (state) {
            case CLIENT_FIRST_SENT:
                state = State.CLIENT_FINAL_SENT;
                return clientFinal(message).getBytes(StandardCharsets.UTF_8);
            case CLIENT_FINAL_SENT:
                verifyServerFinal(message);
                state = State.COMPLETE;
                return null;
            default:
                throw new KafkaAuthenticationException("SCRAM server sent a message after the exchange completed");
        }
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    private String clientFinal(String serverFirst) {
        if (serverFirst.startsWith("e=")) {
            throw new KafkaAuthenticationException("SCRAM authentication refused by the broker: " + serverFirst.substring(2));
        }
        String nonce = null;
        String salt = null;
        String iterations = null;
        for (String attribute : serverFirst.split(",")) {
            if (attribute.length() < 2 || attribute.charAt(1) != '=') {
                throw new KafkaAuthenticationException("SCRAM server-first message is malformed");
            }
            String value = attribute.substring(2);
            switch (attribute.charAt(0)) {
                case 'r' -> nonce = value;
                case 's' -> salt = value;
                case 'i' -> iterations = value;
                case 'm' -> throw new KafkaAuthenticationException("SCRAM server requires an unsupported extension");
                default -> { } // optional extensions the client may ignore
            }
        }
        if (nonce == null || salt == null || iterations == null) {
            throw new KafkaAuthenticationException("SCRAM server-first message lacks a nonce, salt or iteration count");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new KafkaAuthenticationException("SCRAM server nonce does not extend the client nonce");
        }
        int iterationCount = parseIterations(iterations);
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new KafkaAuthenticationException("SCRAM salt is not valid base64");
        }
        String channelBinding = Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));
        String clientFinalWithoutProof = "c=" + channelBinding + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof)
                .getBytes(StandardCharsets.UTF_8);
        try {
            byte[] saltedPassword = hi(password.getBytes(StandardCharsets.UTF_8), saltBytes, iterationCount);
            byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance(algorithm.digestName()).digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authMessage);
            return clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (GeneralSecurityException e) {
            throw new KafkaAuthenticationException("SCRAM " + algorithm.mechanismName() + " is not available in this JVM", e);
        }
    }

    private static int parseIterations(String text) {
        int count;
        try {
            count = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new KafkaAuthenticationException("SCRAM iteration count is not a number");
        }
        if (count < MIN_ITERATIONS || count > MAX_ITERATIONS) {
            throw new KafkaAuthenticationException("SCRAM iteration count " + count + " is outside ["
                    + MIN_ITERATIONS + ", " + MAX_ITERATIONS + "]");
        }
        return count;
    }

    private void verifyServerFinal(String serverFinal) {
        if (serverFinal.startsWith("e=")) {
            throw new KafkaAuthenticationException("SCRAM authentication failed: " + serverFinal.substring(2));
        }
        String signature = null;
        for (String attribute : serverFinal.split(",")) {
            if (attribute.startsWith("v=")) {
                signature = attribute.substring(2);
            }
        }
        if (signature == null) {
            throw new KafkaAuthenticationException("SCRAM server-final message has no server signature");
        }
        byte[] received;
        try {
            received = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new KafkaAuthenticationException("SCRAM server signature is not valid base64");
        }
        if (!MessageDigest.isEqual(received, expectedServerSignature)) {
            throw new KafkaAuthenticationException("SCRAM server signature does not match: the broker does not know this user's credentials");
        }
    }

    /** Hi() of RFC 5802: PBKDF2 with the mechanism's HMAC and one output block. */
    private byte[] hi(byte[] secret, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = newMac(secret);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        return newMac(key).doFinal(data);
    }

    private Mac newMac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm.macName());
        mac.init(new SecretKeySpec(key, algorithm.macName()));
        return mac;
    }

    /** RFC 5802 saslname: '=' and ',' are escaped as =3D and =2C. */
    private static String escapeName(String username) {
        return username.replace("=", "=3D").replace(",", "=2C");
    }
}
