package io.kafkago.test.junit;

import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.EmbeddedKafkaClusterConfig;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Provides the cluster described by {@link KafkaTest}: injects it into static fields before all tests, into instance
 * fields of each test instance, and into parameters of type {@link KafkaTestCluster} or {@link EmbeddedKafkaCluster}.
 * A field is only injected while it is {@code null}, so a test may still assign its own.
 */
public final class KafkaTestExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaTestExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        inject(context.getRequiredTestClass(), null, context);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        inject(testInstance.getClass(), testInstance, context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return isClusterType(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return clusterFor(parameterContext.getParameter().getType(), extensionContext);
    }

    private static boolean isClusterType(Class<?> type) {
        return type == KafkaTestCluster.class || type == EmbeddedKafkaCluster.class;
    }

    /** Injects static fields when {@code instance} is null, instance fields otherwise. */
    private static void inject(Class<?> testClass, Object instance, ExtensionContext context)
            throws IllegalAccessException {
        List<Field> fields = ReflectionSupport.findFields(testClass,
                field -> isClusterType(field.getType()) && ModifierSupport.isStatic(field) == (instance == null)
                        && !Modifier.isFinal(field.getModifiers()),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            field.setAccessible(true);
            if (field.get(instance) == null) {
                field.set(instance, clusterFor(field.getType(), context));
            }
        }
    }

    private static Object clusterFor(Class<?> requestedType, ExtensionContext context) {
        ExtensionContext owner = owningContext(context);
        KafkaTest settings = AnnotationSupport.findAnnotation(owner.getRequiredTestClass(), KafkaTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "KafkaTestExtension needs @KafkaTest on " + owner.getRequiredTestClass().getName()));
        if (!isDedicated(settings)) {
            if (requestedType == EmbeddedKafkaCluster.class) {
                throw new ExtensionConfigurationException("The shared cluster is only available as KafkaTestCluster; "
                        + "set @KafkaTest(brokers = n) on " + owner.getRequiredTestClass().getName()
                        + " for a dedicated EmbeddedKafkaCluster");
            }
            return KafkaTestClusters.shared();
        }
        return owner.getStore(NAMESPACE).computeIfAbsent(EmbeddedKafkaCluster.class,
                key -> EmbeddedKafkaCluster.start(dedicatedConfig(settings)), EmbeddedKafkaCluster.class);
    }

    /** The innermost class-level context whose class carries {@link KafkaTest} (outer classes for {@code @Nested}). */
    private static ExtensionContext owningContext(ExtensionContext context) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            ExtensionContext candidate = current.get();
            boolean classLevel = candidate.getElement().filter(Class.class::isInstance).isPresent();
            if (classLevel && AnnotationSupport.isAnnotated(candidate.getRequiredTestClass(), KafkaTest.class)) {
                return candidate;
            }
        }
        return context;
    }

    private static boolean isDedicated(KafkaTest settings) {
        return settings.brokers() > 0 || settings.brokerProperties().length > 0 || settings.securityListeners();
    }

    private static EmbeddedKafkaClusterConfig dedicatedConfig(KafkaTest settings) {
        EmbeddedKafkaClusterConfig.Builder builder = EmbeddedKafkaClusterConfig.builder()
                .brokers(Math.max(settings.brokers(), 1))
                .securityListeners(settings.securityListeners());
        for (String property : settings.brokerProperties()) {
            int equals = property.indexOf('=');
            if (equals <= 0) {
                throw new ExtensionConfigurationException("@KafkaTest brokerProperties entries must be key=value, got '"
                        + property + "'");
            }
            builder.brokerProperty(property.substring(0, equals).trim(), property.substring(equals + 1).trim());
        }
        return builder.build();
    }
}
