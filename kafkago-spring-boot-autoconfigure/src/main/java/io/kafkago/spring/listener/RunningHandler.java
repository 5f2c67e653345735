package io.kafkago.spring.listener;

import java.time.Duration;

/**
 * A handler call in progress, as the health indicator and the slow-handler meters report it.
 *
 * @param listenerId the listener whose method runs
 * @param topic topic of the (first) message handed to the method
 * @param partition its partition
 * @param offset its offset
 * @param messages messages in the call (more than one for batch listeners)
 * @param runningFor time since the call began
 */
public record RunningHandler(String listenerId, String topic, int partition, long offset, int messages,
        Duration runningFor) {
}
