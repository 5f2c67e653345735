package io.kafkago.test;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a {@link KafkaTestCluster} comes from. */
public enum BrokerMode {

    /** An Apache Kafka KRaft cluster running inside the test JVM (the default; needs no Docker). */
    EMBEDDED,

    /** Testcontainers' Kafka container (needs a Docker engine). */
    TESTCONTAINERS,

    /** A broker that is already running, given by address. */
    EXTERNAL,

    /**
     * Brokers in separate JVMs started from the test's class path: no Docker, and the brokers' threads and garbage stay
     * out of the test JVM. A single broker ({@link KafkaBrokerProcess}, useful for benchmarks) is what this mode
     * selects for the shared broker; {@link io.kafkago.test.fault.KafkaProcessCluster} runs a cluster for fault tests.
     */
    PROCESS;

    /**
     * Parses a mode name as written in {@code KAFKAGO_TEST_BROKER} / {@code kafkago.test.broker}, ignoring case.
     *
     * @throws KafkaTestSetupException if the name is not one of the modes
     */
    public static BrokerMode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new KafkaTestSetupException("Unknown broker mode '" + name + "': expected one of "
                    + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")),
                    e);
        }
    }
}
