package io.kafkago.test.junit;

import io.kafkago.test.EmbeddedKafkaCluster;
import io.kafkago.test.EmbeddedKafkaClusterConfig;
import io.kafkago.test.KafkaTestCluster;
import io.kafkago.test.KafkaTestClusters;
import io.kafkago.test.security.BrokerSecurity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * fields of each test instance, and into parameters, for the types {@link KafkaTestCluster},
 * {@link EmbeddedKafkaCluster} and {@link BrokerSecurity}. A field is only injected while it is {@code null}, so a test
 * may still assign its own.
 */
public final class KafkaTestExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaTestExtension.class);
    private static final Set<Class<?>> INJECTABLE_TYPES =
            Set.of(KafkaTestCluster.class, EmbeddedKafkaCluster.class, BrokerSecurity.class);

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
        return INJECTABLE_TYPES.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return resolve(parameterContext.getParameter().getType(), extensionContext);
    }

    /** Injects static fields when {@code instance} is null, instance fields otherwise. */
    private static void inject(Class<?> testClass, Object instance, ExtensionContext context)
            throws IllegalAccessException {
        List<Field> fields = ReflectionSupport.findFields(testClass,
                field -> INJECTABLE_TYPES.contains(field.getType())
                        && ModifierSupport.isStatic(field) == (instance == null)
                        && !Modifier.isFinal(field.getModifiers()),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            field.setAccessible(true);
            if (field.get(instance) == null) {
                field.set(instance, resolve(field.getType(), context));
            }
        }
    }

    private static Object resolve(Class<?> requestedType, ExtensionContext context) {
        ExtensionContext owner = owningContext(context);
        Class<?> testClass = owner.getRequiredTestClass();
        KafkaTest settings = AnnotationSupport.findAnnotation(testClass, KafkaTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "KafkaTestExtension needs @KafkaTest on " + testClass.getName()));
        if (requestedType == BrokerSecurity.class && !settings.securityListeners()) {
            throw new ExtensionConfigurationException("BrokerSecurity needs @KafkaTest(securityListeners = true) on "
                    + testClass.getName());
        }
        if (isDedicated(settings)) {
            EmbeddedKafkaCluster cluster = owner.getStore(NAMESPACE).computeIfAbsent(EmbeddedKafkaCluster.class,
                    key -> EmbeddedKafkaCluster.start(dedicatedConfig(settings)), EmbeddedKafkaCluster.class);
            return requestedType == BrokerSecurity.class ? cluster.security() : cluster;
        }
        if (requestedType == EmbeddedKafkaCluster.class) {
            throw new ExtensionConfigurationException("A shared cluster is only available as KafkaTestCluster; set "
                    + "@KafkaTest(brokers = n) on " + testClass.getName() + " for a dedicated EmbeddedKafkaCluster");
        }
        if (requestedType == BrokerSecurity.class) {
            return KafkaTestClusters.sharedSecurity();
        }
        return settings.securityListeners() ? KafkaTestClusters.sharedSecured() : KafkaTestClusters.shared();
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
        return settings.brokers() > 0 || settings.brokerProperties().length > 0;
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
