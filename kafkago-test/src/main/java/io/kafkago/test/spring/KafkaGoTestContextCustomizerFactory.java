package io.kafkago.test.spring;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: gives test classes annotated with {@link EmbeddedKafkaGo} (directly,
 * inherited or on an enclosing class) a {@link KafkaGoTestContextCustomizer}; other test classes are untouched.
 */
public final class KafkaGoTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedKafkaGo annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedKafkaGo.class);
        return annotation == null ? null : new KafkaGoTestContextCustomizer(annotation.property());
    }
}
