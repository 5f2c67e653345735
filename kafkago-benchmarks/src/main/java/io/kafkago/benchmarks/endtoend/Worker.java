package io.kafkago.benchmarks.endtoend;

import java.util.Map;

/**
 * Main class of a worker JVM: runs one client workload and prints one {@link Measurement} line.
 * Arguments: {@code <workload> <bootstrap> <topic> <messages> <messageSize>}.
 */
public final class Worker {

    /** Workloads by the name the parent passes. */
    static final Map<String, Workload> WORKLOADS = Map.of(
            "produce-kafkago", new KafkagoProduce(),
            "produce-kafka-clients", new KafkaClientsProduce(),
            "consume-kafkago", new KafkagoConsume(),
            "consume-kafka-clients", new KafkaClientsConsume());

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        Workload workload = WORKLOADS.get(args[0]);
        if (workload == null || args.length != 5) {
            throw new IllegalArgumentException("usage: Worker <" + String.join("|", WORKLOADS.keySet())
                    + "> <bootstrap> <topic> <messages> <messageSize>");
        }
        int messages = Integer.parseInt(args[3]);
        Measurement.Snapshot start = Measurement.Snapshot.now();
        long bytes = workload.run(args[1], args[2], messages, Integer.parseInt(args[4]));
        Measurement.Snapshot end = Measurement.Snapshot.now();
        System.out.println(start.until(end, messages, bytes).toLine());
        System.exit(0); // do not wait for lingering non-daemon client threads
    }
}
