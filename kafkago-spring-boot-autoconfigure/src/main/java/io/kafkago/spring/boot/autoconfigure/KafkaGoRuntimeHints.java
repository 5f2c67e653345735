package io.kafkago.spring.boot.autoconfigure;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Reflection hints for what the starter binds or reflects on outside listener methods (those, with their payload
 * types, are covered by {@link io.kafkago.spring.aot.KafkaGoListenerReflectiveProcessor}): the {@code kafkago.*}
 * property classes, bound through their setters.
 */
final class KafkaGoRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        BindableRuntimeHintsRegistrar.forTypes(KafkaGoProperties.class).registerHints(hints, classLoader);
    }
}
