/** Micrometer meters for kafkago writers, readers and listeners. */
package io.kafkago.spring.metrics;
