package io.kafkago.samples.orders;

import io.kafkago.Message;
import io.kafkago.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes orders as JSON with the injected {@link Writer}: all at once when bounded, else at a steady rate. */
@Component
class OrderSource {

    private final Writer writer;
    private final JsonMapper json;
    private final SampleProperties sample;
    private final AtomicLong produced = new AtomicLong();

    OrderSource(Writer writer, JsonMapper json, SampleProperties sample) {
        this.writer = writer;
        this.json = json;
        this.sample = sample;
    }

    /** Runs every 100 ms; writes a tenth of the per-second rate, or the whole bounded amount on the first run. */
    @Scheduled(fixedDelay = 100)
    void produce() {
        long target = sample.bounded() ? sample.messages() : produced.get() + Math.max(1, sample.ratePerSecond() / 10);
        List<Message> batch = new ArrayList<>();
        while (produced.get() + batch.size() < target) {
            long n = produced.get() + batch.size() + 1;
            batch.add(Message.of("order-" + n, json.writeValueAsString(order(n))));
            if (batch.size() == 500) {
                write(batch);
            }
        }
        write(batch);
    }

    private void write(List<Message> batch) {
        if (batch.isEmpty()) {
            return;
        }
        writer.writeMessages(batch);
        produced.addAndGet(batch.size());
        batch.clear();
    }

    private Order order(long n) {
        boolean bad = sample.badOrderEvery() > 0 && n % sample.badOrderEvery() == 0;
        return new Order("order-" + n, bad ? -1 : (int) (n % 10_000) + 100);
    }

    long produced() {
        return produced.get();
    }
}
