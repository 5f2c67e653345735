/** The Writer's machinery: per-partition batching, the sender thread, idempotent sequences, retries and back-pressure. */
package io.kafkago.internal.writer;
