/** JMH benchmarks that measure kafkago against kafka-clients in the same run. */
package io.kafkago.benchmarks;
