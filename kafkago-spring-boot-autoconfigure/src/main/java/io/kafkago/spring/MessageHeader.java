package io.kafkago.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link KafkaGoListener} parameter to the value of a message header, as {@code byte[]} or UTF-8
 * {@code String}. When the header appears more than once the last value wins, as in Kafka's own
 * semantics for repeated headers; when it is absent the parameter is {@code null}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MessageHeader {

    /** Header name. */
    String value();
}
