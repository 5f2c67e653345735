package io.kafkago.samples.orders;

import io.kafkago.Message;
import io.kafkago.spring.KafkaGoListener;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Watches the dead-letter topic, where billing's rejected orders land with the error in their headers. */
@Component
class DeadLetters {

    private final AtomicLong deadLettered = new AtomicLong();

    @KafkaGoListener(id = "dead-letters", topics = "${sample.topic}.DLT", groupId = "dead-letters")
    void on(Message message) {
        deadLettered.incrementAndGet();
    }

    long deadLettered() {
        return deadLettered.get();
    }
}
