package io.kafkago.benchmarks.endtoend;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What one worker JVM measured for one client run: messages moved, wall time, the process's CPU
 * time and the heap bytes allocated by all its threads (terminated threads included), each taken
 * as the difference between a snapshot before the client is created and one after it is closed.
 *
 * @param messages       messages produced or consumed
 * @param payloadBytes   value bytes produced or consumed
 * @param wallNanos      elapsed time
 * @param cpuNanos       CPU time of the whole worker process
 * @param allocatedBytes heap bytes allocated by all threads of the worker
 */
record Measurement(long messages, long payloadBytes, long wallNanos, long cpuNanos, long allocatedBytes) {

    /** Prefix of the line a worker prints so the parent can find its result among any log output. */
    static final String LINE_PREFIX = "KAFKAGO-BENCHMARK-RESULT ";

    /** Messages per second. */
    double messagesPerSecond() {
        return messages * 1e9 / wallNanos;
    }

    /** Payload megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return payloadBytes * 1e3 / wallNanos;
    }

    /** CPU seconds of the worker process. */
    double cpuSeconds() {
        return cpuNanos / 1e9;
    }

    /** Heap bytes allocated per message. */
    double allocatedBytesPerMessage() {
        return (double) allocatedBytes / messages;
    }

    /** The line a worker prints. */
    String toLine() {
        return LINE_PREFIX + "messages=" + messages + " payloadBytes=" + payloadBytes + " wallNanos=" + wallNanos
                + " cpuNanos=" + cpuNanos + " allocatedBytes=" + allocatedBytes;
    }

    /** Parses a line printed by {@link #toLine()}. */
    static Measurement parse(String line) {
        if (!line.startsWith(LINE_PREFIX)) {
            throw new IllegalArgumentException("not a benchmark result line: " + line);
        }
        Map<String, Long> fields = new HashMap<>();
        for (String pair : line.substring(LINE_PREFIX.length()).trim().split(" ")) {
            String[] nameAndValue = pair.split("=", 2);
            fields.put(nameAndValue[0], Long.parseLong(nameAndValue[1]));
        }
        return new Measurement(fields.get("messages"), fields.get("payloadBytes"), fields.get("wallNanos"),
                fields.get("cpuNanos"), fields.get("allocatedBytes"));
    }

    /** A snapshot of this process's clocks and allocation counter; {@link #until} turns two into a measurement. */
    record Snapshot(long wallNanos, long cpuNanos, long allocatedBytes) {

        static Snapshot now() {
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            return new Snapshot(System.nanoTime(), os.getProcessCpuTime(), threads.getTotalThreadAllocatedBytes());
        }

        Measurement until(Snapshot end, long messages, long payloadBytes) {
            return new Measurement(messages, payloadBytes, end.wallNanos - wallNanos, end.cpuNanos - cpuNanos,
                    end.allocatedBytes - allocatedBytes);
        }
    }
}
