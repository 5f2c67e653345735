/** Kafka wire protocol: primitives, ApiKey, and the generated request/response messages' support. */
package io.kafkago.protocol;
