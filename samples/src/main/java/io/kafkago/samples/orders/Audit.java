package io.kafkago.samples.orders;

import io.kafkago.Message;
import io.kafkago.spring.KafkaGoListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Reads every order in batches, in its own consumer group, to show a batch listener. */
@Component
class Audit {

    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    @KafkaGoListener(id = "audit", topics = "${sample.topic}", groupId = "audit", batch = true)
    void on(List<Message> orders) {
        seen.addAndGet(orders.size());
        batches.incrementAndGet();
    }

    long seen() {
        return seen.get();
    }

    long batches() {
        return batches.get();
    }
}
