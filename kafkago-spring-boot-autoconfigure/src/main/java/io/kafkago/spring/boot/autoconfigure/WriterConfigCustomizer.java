package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.WriterConfig;

/**
 * Adjusts the auto-configured {@link WriterConfig} after the {@code kafkago.*} properties were applied,
 * without replacing the bean. Customizer beans run in {@code @Order} / {@code Ordered} order.
 */
@FunctionalInterface
public interface WriterConfigCustomizer {

    /** Changes settings on the builder the WriterConfig bean is built from. */
    void customize(WriterConfig.Builder builder);
}
