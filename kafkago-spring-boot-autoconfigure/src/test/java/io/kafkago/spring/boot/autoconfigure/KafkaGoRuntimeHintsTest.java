package io.kafkago.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;

class KafkaGoRuntimeHintsTest {

    @Test
    void thePropertyClassesCanBeBoundThroughTheirSetters() {
        RuntimeHints hints = new RuntimeHints();
        new KafkaGoRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(KafkaGoProperties.class, "setBrokers"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(KafkaGoWriterProperties.class,
                "setObservationEnabled")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(KafkaGoListenerProperties.Retry.class,
                "setMaxAttempts")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(KafkaGoReaderProperties.class,
                "setGroupId")).accepts(hints);
    }

    @Test
    void theAutoConfigurationImportsThem() {
        assertThat(KafkaGoAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class).value())
                .containsExactly(KafkaGoRuntimeHints.class);
    }
}
