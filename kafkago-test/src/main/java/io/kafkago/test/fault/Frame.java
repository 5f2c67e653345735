package io.kafkago.test.fault;

/**
 * One Kafka frame on its way through a {@link FaultProxy}.
 *
 * @param bytes the whole frame, 4-byte size prefix included
 * @param arrivalNanos {@link System#nanoTime()} when the proxy had read it; latency counts from here
 * @param apiKey the API of the request (or of the request a response answers); {@link #UNKNOWN_API} if not known
 * @param correlationId the correlation id from the frame's header
 */
record Frame(byte[] bytes, long arrivalNanos, short apiKey, int correlationId) {

    /** API key of a response whose request the proxy did not see. */
    static final short UNKNOWN_API = -1;

    /** Marks the end of a stream: the sender closed its side after the frames before it. */
    static final Frame END = new Frame(new byte[0], 0, UNKNOWN_API, 0);
}
