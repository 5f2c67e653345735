package io.kafkago.benchmarks.endtoend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Main class of a worker JVM: runs one client workload and prints one {@link Measurement} line.
 * Arguments: {@code <workload> <bootstrap> <topic> <messages> <messageSize>}.
 */
public final class Worker {

    /** Workloads by the name the parent passes. */
    static final Map<String, Workload> WORKLOADS = workloads();

    private static Map<String, Workload> workloads() {
        Map<String, Workload> workloads = new LinkedHashMap<>();
        workloads.put("produce-kafkago", new KafkagoProduce());
        workloads.put("produce-kafka-clients", new KafkaClientsProduce());
        workloads.put("consume-kafkago", new KafkagoConsume());
        workloads.put("consume-kafka-clients", new KafkaClientsConsume());
        for (int perTransaction : EndToEndBenchmark.MESSAGES_PER_TRANSACTION) {
            workloads.put("txn" + perTransaction + "-kafkago", new KafkagoTransactionalProduce(perTransaction));
            workloads.put("txn" + perTransaction + "-kafka-clients",
                    new KafkaClientsTransactionalProduce(perTransaction));
        }
        return Map.copyOf(workloads);
    }

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
