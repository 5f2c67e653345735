package io.kafkago.test;

import java.util.Locale;

/** Where a {@link KafkaTestCluster} comes from. */
public enum BrokerMode {

    /** An Apache Kafka KRaft cluster running inside the test JVM (the default; needs no Docker). */
    EMBEDDED,

    /** Testcontainers' Kafka container (needs a Docker engine). */
    TESTCONTAINERS,

    /** A broker that is already running, given by address. */
    EXTERNAL;

    /**
     * Parses a mode name as written in {@code KAFKAGO_TEST_BROKER} / {@code kafkago.test.broker}, ignoring case.
     *
     * @throws KafkaTestSetupException if the name is not one of the modes
     */
    public static BrokerMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KafkaTestSetupException("Unknown broker mode '" + name + "': expected one of embedded, "
                    + "testcontainers, external", e);
        }
    }
}
