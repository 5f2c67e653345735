package io.kafkago.test.fault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a {@link FaultProxy} has seen and done, so tests can wait until a fault has really fired. */
final class TrafficCounters {

    private final Map<Short, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<Short, LongAdder> responses = new ConcurrentHashMap<>();
    final LongAdder acceptedConnections = new LongAdder();
    final LongAdder refusedConnections = new LongAdder();
    final LongAdder droppedResponses = new LongAdder();
    final LongAdder cutResponses = new LongAdder();
    final LongAdder rewrittenResponses = new LongAdder();

    void request(short apiKey) {
        requests.computeIfAbsent(apiKey, key -> new LongAdder()).increment();
    }

    void response(short apiKey) {
        responses.computeIfAbsent(apiKey, key -> new LongAdder()).increment();
    }

    long requests(short apiKey) {
        LongAdder count = requests.get(apiKey);
        return count == null ? 0 : count.sum();
    }

    long responses(short apiKey) {
        LongAdder count = responses.get(apiKey);
        return count == null ? 0 : count.sum();
    }
}
