package io.kafkago.test;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Unique topic (and group) names so that tests sharing one broker never see each other's data. */
public final class TestTopics {

    private static final Pattern INVALID_CHARACTERS = Pattern.compile("[^a-zA-Z0-9._-]");
    private static final int MAX_PREFIX_LENGTH = 200;
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Distinguishes JVMs (or reruns) that talk to the same external broker. */
    private static final String RUN_ID = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36);

    private TestTopics() {
    }

    /**
     * Returns {@code prefix-<run>-<sequence>}: unique within this JVM and, with high probability, across JVMs. The
     * prefix is sanitised to the characters Kafka allows in topic names.
     */
    public static String unique(String prefix) {
        String sanitised = INVALID_CHARACTERS.matcher(prefix == null || prefix.isEmpty() ? "topic" : prefix)
                .replaceAll("_");
        if (sanitised.length() > MAX_PREFIX_LENGTH) {
            sanitised = sanitised.substring(0, MAX_PREFIX_LENGTH);
        }
        return sanitised + "-" + RUN_ID + "-" + SEQUENCE.incrementAndGet();
    }
}
