package io.kafkago.benchmarks.endtoend;

/**
 * One client moving messages in a worker JVM. Implementations create their client, move exactly
 * {@code messages} messages and close the client before returning, so the measurement around
 * {@link #run} covers the client's whole life.
 */
interface Workload {

    /**
     * @return the value bytes moved
     * @throws Exception when the client failed; the worker then exits non-zero
     */
    long run(String bootstrap, String topic, int messages, int messageSize) throws Exception;
}
