package io.kafkago.sasl;

/**
 * An exchange made of one client message that the server accepts with an empty answer (PLAIN).
 * A non-empty server answer is not part of the mechanism and ends the exchange without a reply.
 */
final class SingleMessageExchange implements SaslExchange {

    private final byte[] message;
    private boolean complete;

    SingleMessageExchange(byte[] message) {
        this.message = message;
    }

    @Override
    public byte[] initialResponse() {
        return message;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) {
        complete = true;
        return null;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }
}
