package io.kafkago.spring.boot.autoconfigure;

import io.kafkago.ReaderConfig;

/**
 * Adjusts every auto-configured {@link ReaderConfig} — the bean and the configs of listener readers —
 * after the {@code kafkago.*} properties were applied. For listener readers the listener's topics,
 * group and start offset are set afterwards. Customizer beans run in {@code @Order} / {@code Ordered} order.
 */
@FunctionalInterface
public interface ReaderConfigCustomizer {

    /** Changes settings on the builder a ReaderConfig is built from. */
    void customize(ReaderConfig.Builder builder);
}
