package io.kafkago.benchmarks.endtoend;

import java.util.Random;

/** The message value both clients send: fixed pseudo-random bytes, so neither gains from repetition. */
final class Payloads {

    private Payloads() {
    }

    static byte[] value(int size) {
        byte[] value = new byte[size];
        new Random(42).nextBytes(value);
        return value;
    }
}
