/** The Reader's machinery: per-broker fetch loops, the bounded prefetch queue, offset positions and back-off. */
package io.kafkago.internal.reader;
