/** Fault injection for resilience tests: a Kafka-aware TCP fault proxy, a cluster of killable broker processes behind such proxies, and a checker for lost, duplicated and reordered messages. */
package io.kafkago.test.fault;
