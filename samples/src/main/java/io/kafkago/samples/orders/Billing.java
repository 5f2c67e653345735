package io.kafkago.samples.orders;

import io.kafkago.spring.KafkaGoListener;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Bills each order: the JSON value arrives as an {@link Order}. A bad order throws; after the configured
 * retries the starter publishes it to {@code orders.DLT} and billing goes on with the next order.
 */
@Component
class Billing {

    private final AtomicLong billed = new AtomicLong();
    private final AtomicLong cents = new AtomicLong();

    @KafkaGoListener(id = "billing", topics = "${sample.topic}", groupId = "billing")
    void on(Order order) {
        if (order.cents() < 0) {
            throw new IllegalArgumentException("order " + order.id() + " has a negative amount");
        }
        billed.incrementAndGet();
        cents.addAndGet(order.cents());
    }

    long billed() {
        return billed.get();
    }

    long cents() {
        return cents.get();
    }
}
