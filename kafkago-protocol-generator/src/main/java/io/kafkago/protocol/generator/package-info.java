/** Build-time generator of kafkago's protocol classes from Kafka's JSON message specs. */
package io.kafkago.protocol.generator;
