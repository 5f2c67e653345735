/** End-to-end produce/consume benchmark: kafkago against kafka-clients, each in its own JVM, against a broker in a third. */
package io.kafkago.benchmarks.endtoend;
