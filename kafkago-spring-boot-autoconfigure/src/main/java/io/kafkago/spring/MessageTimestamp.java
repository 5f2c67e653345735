package io.kafkago.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link KafkaGoListener} parameter to the message's timestamp, as {@code java.time.Instant} or epoch
 * milliseconds ({@code long} or {@code Long}). A message without a time gives {@code null}, or {@code -1} for
 * {@code long}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MessageTimestamp {
}
