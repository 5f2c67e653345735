/** Micrometer Observation for writes and listener calls: contexts, conventions and their documentation. */
package io.kafkago.spring.observation;
