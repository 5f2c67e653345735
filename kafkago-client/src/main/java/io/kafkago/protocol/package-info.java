/** Kafka wire protocol: primitives, ApiKey, ErrorCode, and the generated request/response messages' support. */
package io.kafkago.protocol;
