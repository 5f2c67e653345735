package io.kafkago.test;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-JVM broker from ending the JVM it shares with the tests (or with a sample app). Kafka's server code
 * calls {@code Exit.exit} / {@code Exit.halt} on fatal errors, which a broker stopping while the JVM exits can hit;
 * that would turn a passing test run into a crashed fork, or a sample's exit status 0 into 1. Installed once, before
 * the first embedded broker starts; each such call is logged as an error instead.
 */
final class BrokerExitGuard {

    private static final Logger log = LoggerFactory.getLogger(BrokerExitGuard.class);
    private static boolean installed;

    private BrokerExitGuard() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) ->
                log.error("An embedded Kafka broker asked the JVM to exit with status {} ({}); ignored", status, message));
        Exit.setHaltProcedure((status, message) ->
                log.error("An embedded Kafka broker asked the JVM to halt with status {} ({}); ignored", status, message));
        installed = true;
    }
}
