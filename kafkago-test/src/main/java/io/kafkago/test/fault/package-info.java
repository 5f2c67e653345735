/** Fault injection: a Kafka-aware fault proxy, killable broker processes behind such proxies, a delivery checker. */
package io.kafkago.test.fault;
